/**
 * Every command of the CLI, once: how it is typed (one usage line per form), what it does, and
 * the options it parses. `greenboard help`, the per-command "Usage:" errors and the option
 * parsing all read this table, and a test holds the README to it, so they cannot drift apart.
 *
 * Data only, no imports: the entry point reads it before it knows which command (and so which
 * engine parts) to load.
 */

/** One option, as node:util parseArgs takes it, plus what help shows. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in help (`--port N`). */
  readonly arg?: string;
  /** Help for it (lines split by \n); options without help are explained by their command's text. */
  readonly help?: string;
}

/** What help text needs from outside the table, read when help is printed. */
export interface HelpFacts {
  dataDir: string;
  logFile: string;
  caps: { connections: number; durationSec: number };
}

export interface CliCommand {
  /** How it is typed, without "greenboard ": one line per form (each subcommand is a form). */
  readonly usage: readonly string[];
  /** What it does, for help (lines wrapped by hand). */
  readonly about: string | ((facts: HelpFacts) => string);
  readonly options: Readonly<Record<string, CliOption>>;
}

export const DEFAULT_PORT = 4817;

const S = { type: 'string' } as const;
const B = { type: 'boolean' } as const;
const MANY = { type: 'string', multiple: true } as const;

const HOST_OPTIONS =
  '--ssh USER@HOST[:PORT] [--identity FILE] [--jump USER@HOST[:PORT]] [--tag T]... [--interval-ms N]';

export const COMMANDS = {
  serve: {
    usage: [
      'serve [--host ADDR] [--port N] [--interval-ms N] [--allow-host NAME]...',
      'serve --history FILE [--port N]',
    ],
    about: 'Serve the Greenboard UI and API in a browser (headless mode)',
    options: {
      host: { ...S, arg: 'ADDR', help: 'address to bind (default 127.0.0.1)' },
      port: { ...S, arg: 'N', help: `port (default ${DEFAULT_PORT}; 0 picks a free one)` },
      'interval-ms': { ...S, arg: 'N', help: 'local polling interval (default 2000)' },
      history: { ...S, arg: 'FILE', help: 'review a saved history instead: read-only, no polling' },
      'allow-host': {
        ...MANY,
        arg: 'NAME',
        help: 'also answer requests addressed to NAME or NAME:PORT (repeatable);\nother names are refused (DNS rebinding)',
      },
    },
  },
  // `status` runs as `poll local`, so poll parses its options: keep the two alike.
  status: {
    usage: ['status [--window-ms N] [--json]'],
    about: 'Poll this machine once and print its health',
    options: {
      json: { ...B, help: 'print JSON instead of text' },
      'window-ms': {
        ...S,
        arg: 'N',
        help: 'rates over this window, 100-60000 ms (default 250: a quick look)',
      },
    },
  },
  hosts: {
    usage: [
      `hosts add NAME ${HOST_OPTIONS}`,
      `hosts edit NAME ${HOST_OPTIONS}`,
      'hosts list [--json]',
      'hosts remove NAME',
      'hosts import [FILE]',
      'hosts trust NAME --fingerprint SHA256:...',
    ],
    about:
      'The SSH hosts on the board: add or edit one, list, remove, import the Host entries of an\nssh_config (default ~/.ssh/config), trust the host key a server presents',
    options: {
      ssh: S,
      identity: S,
      jump: S,
      tag: MANY,
      'interval-ms': S,
      fingerprint: S,
      json: B,
    },
  },
  poll: {
    usage: ['poll NAME... [--window-ms N] [--json]'],
    about:
      'Connect, poll once, print the metrics ("local" is this machine);\nexits 1 with the reason if a host could not be polled',
    options: {
      json: B,
      'window-ms': {
        ...S,
        arg: 'N',
        help: 'rates (CPU, network, disk I/O) over this window, 100-60000 ms (default 1000)',
      },
    },
  },
  diag: {
    usage: ['diag NAME [CHECK] [--path P] [--yes] [--json]'],
    about: 'Run a read-only diagnostic (no CHECK: list them); --yes confirms a saved command',
    options: { path: S, yes: B, json: B },
  },
  export: {
    usage: ['export --out FILE.sqlite [--from ISO] [--to ISO] [--host NAME]... [--csv DIR]'],
    about: 'Write a standalone history file (safe while Greenboard runs), and CSV per host with --csv',
    options: { out: S, from: S, to: S, host: MANY, csv: S },
  },
  db: {
    usage: ['db stats [--json]'],
    about: 'Rows and bytes on disk per table, and the time range held',
    options: { json: B },
  },
  alerts: {
    usage: ['alerts [WORDS] [--host NAME] [--limit N] [--json]'],
    about: 'The alert log: every state change of every signal, host and probe',
    options: { host: S, limit: S, json: B },
  },
  silence: {
    usage: [
      'silence (--host NAME | --tag TAG | --signal SIGNAL | --probe NAME) [--minutes N] --by WHO --why TEXT',
    ],
    about: 'Mute notifications for a while (default 60 minutes; changes are still logged)',
    options: { host: S, tag: S, signal: S, probe: S, minutes: S, by: S, why: S },
  },
  loadtest: {
    usage: [
      "loadtest URL [--duration 10s] [--connections N] [--rate RPS] [--method M] [--header 'K: V']... [--body FILE] [--timeout 10s] [--threshold 'p95<500ms']... [--json]",
    ],
    about: (f) =>
      'Run one load test (progress on stderr); exits 1 if a threshold fails,\n' +
      `130 if stopped with Ctrl+C. Caps: ${f.caps.connections} connections, ${f.caps.durationSec} s`,
    options: {
      duration: S,
      connections: S,
      rate: S,
      method: S,
      header: MANY,
      body: S,
      timeout: S,
      threshold: MANY,
      json: B,
    },
  },
  check: {
    usage: ['check [--config FILE] [--json]'],
    about:
      'Run the probes, load tests and audits a config file names (default ./greenboard-checks.json),\none row each; exits 1 if one fails, 2 if the config is bad',
    options: { config: S, json: B },
  },
  rules: {
    usage: [
      'rules test --rule FILE [--forecast] [--since 7d] [--host NAME]... [--group TAG]... [--history FILE] [--json]',
    ],
    about:
      'Run alert rules over stored history before saving them: when each would have fired.\n' +
      'FILE is a rules config as in greenboard.json ("defaults", "tags", "hosts") or one layer\n' +
      'such as {"cpu": {"warn": 70, "forMs": 300000}}; a group\'s kinds (groupCpu, skew, ...) on a tag\n' +
      '("tags": {"web": {"groupCpu": {...}}}) are replayed over its members; --forecast adds the built-in\n' +
      'forecast rule (under 7 days to full amber, 1 day red); --history tests a saved history file',
    options: { rule: S, forecast: B, since: S, host: MANY, group: MANY, history: S, json: B },
  },
  incidents: {
    usage: [
      'incidents declare --title T --severity SEV1..SEV4 [--host NAME]... [--template ID] [--by WHO] [--json]',
      'incidents list [--open] [--json]',
      'incidents note ID TEXT [--by WHO]',
      'incidents resolve ID [--resolution TEXT] [--by WHO]',
      'incidents export ID --out FILE.md',
    ],
    about: 'Declare and run incidents; export writes the postmortem draft (Markdown)',
    options: {
      title: S,
      severity: S,
      host: MANY,
      template: S,
      by: S,
      resolution: S,
      out: S,
      open: B,
      json: B,
    },
  },
  services: {
    usage: [
      'services add HOST --kind postgres|mysql|redis [--port N] [--via peer|tunnel] [--db-user U] [--password-stdin] [--os-user U] [--socket-dir DIR] [--database DB] [--json]',
      'services list [HOST] [--json]',
      'services poll ID [--password-stdin] [--json]',
      'services remove ID',
      'services suggest HOST [--json]',
    ],
    about:
      'Databases and caches on a host, read through its SSH session with nothing installed;\nsuggest looks for them (listening ports, process names); peer runs the client\nas the service user (sudo -n -u postgres psql), the default for postgres and mysql;\ntunnel (or dsn) reads it with a driver through a port forwarded over the session,\nthe default for redis (no password unless it asks for one), as --db-user with the\npassword read from standard input (--password-stdin), never from the command line',
    options: {
      kind: S,
      port: S,
      via: S,
      'db-user': S,
      'password-stdin': B,
      'os-user': S,
      'socket-dir': S,
      database: S,
      json: B,
    },
  },
  groups: {
    usage: ['groups [TAG] [--json]'],
    about:
      'Groups (every tag is one): members and their states, mean/p90/max CPU from their\nlast samples, raised group signals (capacity, hosts to spare, skew) and the balancer',
    options: { json: B },
  },
  report: {
    usage: ['report capacity --group TAG [--since 30d] [--history FILE] --out FILE [--json]'],
    about:
      "A group's capacity report over the last --since (peaks, 95th percentiles, growth,\n" +
      'forecasts, headroom): FILE.md is Markdown with the charts embedded, FILE.html one\n' +
      'self-contained page; written atomically; --history reports on a saved history file',
    options: { group: S, since: S, history: S, out: S, json: B },
  },
  'top-queries': {
    usage: ['top-queries HOST [--service ID] [--since 1h] [--compare-to 24h] [--limit N] [--json]'],
    about:
      "A database's top statements by total time from the stored history; --compare-to\nputs each beside the same span that long before (mean time, calls, rows, change in %)",
    options: { service: S, since: S, 'compare-to': S, limit: S, json: B },
  },
  logs: {
    usage: ['logs [--follow] [--level debug|info|warn|error]'],
    about:
      'Print the Greenboard log readably (time, level, message, fields, stacks indented);\n--follow (-f) keeps printing new lines until Ctrl+C',
    options: { follow: { ...B, short: 'f' }, level: S },
  },
  help: { usage: ['help'], about: 'Show this help', options: {} },
  version: { usage: ['version'], about: 'Print the version', options: {} },
} as const satisfies Record<string, CliCommand>;

export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** The usage of a command, or of one subcommand (`usage('hosts', 'add')`), as an error shows it. */
export function usage(name: CommandName, sub?: string): string {
  const all: readonly string[] = COMMANDS[name].usage;
  const forms = all.filter((u) => u === `${name} ${sub}` || u.startsWith(`${name} ${sub} `));
  const lines = (forms.length ? forms : all).map((u) => `greenboard ${u}`);
  return lines.length === 1 ? `Usage: ${lines[0]}` : `Usage:\n  ${lines.join('\n  ')}`;
}
