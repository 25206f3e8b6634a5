// A real OpenSSH sshd on 127.0.0.1 for integration tests: its own config, keys and port in a
// temp dir, run in the foreground so the test process owns it. Not for production use.
// Config keywords: https://man.openbsd.org/sshd_config
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { testUser } from './testUser';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const READY_TIMEOUT_MS = 10_000;

/** A running test sshd. Key and fingerprint fields change after {@link TestSshd.rotateHostKey}. */
export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** Private key (OpenSSH PEM) of a key in authorized_keys; encrypted if a passphrase was asked for. */
  clientKey: string;
  clientKeyPath: string;
  /** The passphrase of {@link clientKey}, when it is encrypted. */
  clientKeyPassphrase?: string;
  /** Host public key line ("ssh-ed25519 AAAA... comment"). */
  hostPublicKey: string;
  /** "SHA256:..." exactly as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  dir: string;
  /** Stops sshd and every session it forked, and removes the temp dir. Idempotent; final. */
  stop(): Promise<void>;
  /** kill -9 the sshd and its children: what a host crash looks like to a client. */
  kill(): Promise<void>;
  /** Starts again (stopping first if running) on the same port with the same keys. */
  restart(): Promise<void>;
  /** Generates a new host key and restarts, for "host key changed" tests. */
  rotateHostKey(): Promise<void>;
}

export interface StartSshdOptions {
  port?: number;
  /** Appended to the generated sshd_config. */
  extraConfig?: string;
  /** Encrypt the client key with this passphrase. */
  encryptedClientKeyPassphrase?: string;
  /**
   * Let root log in with the client key (`PermitRootLogin prohibit-password`). Off by default:
   * only the benchmark uses it, to price a login into this machine's real root account.
   */
  permitRootLogin?: boolean;
  /** More sshd command-line arguments, after `-D -e -f CONFIG` (e.g. `['-o', 'X11Forwarding=yes']`). */
  args?: string[];
}

/** True if OpenSSH's sshd is installed (scripts/ensure-system-deps.mjs installs it). */
export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync(SSH_KEYGEN);
}

const SETPRIV = '/usr/bin/setpriv';
const UNSHARE = '/usr/bin/unshare';

/**
 * Where we may (root), sshd runs as PID 1 of its own PID namespace. Killing it then has the
 * kernel kill and reap every session it forked at once, as a host crash would, and leaves no
 * orphan behind. Elsewhere we signal the process tree ourselves.
 */
let pidNamespace: boolean | undefined;
function usePidNamespace(): boolean {
  pidNamespace ??=
    existsSync(UNSHARE) &&
    spawnSync(UNSHARE, ['--pid', '--mount-proc', '--kill-child=KILL', '/bin/true']).status === 0;
  return pidNamespace;
}

const instances = new Set<Sshd>();
// Synchronous on purpose: 'exit' handlers cannot await.
process.on('exit', () => instances.forEach((s) => s.killNow()));

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Signals the pid and all its descendants, children first. */
function signalTree(pid: number, signal: NodeJS.Signals): void {
  childrenOf(pid).forEach((c) => signalTree(c, signal));
  trySignal(pid, signal);
}

function keygen(path: string, comment: string, passphrase = ''): void {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  execFileSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', path], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once the port answers with an SSH banner; false if it refused or closed first. */
function readsBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('SSH-2.0-')) done(true);
    });
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PerSourcePenalties (OpenSSH 9.8+) would lock the loopback client out after a crash test. */
function hasPerSourcePenalties(): boolean {
  const r = spawnSync(SSHD, ['-V'], { encoding: 'utf8' });
  const [, major = 0, minor = 0] = (/OpenSSH_(\d+)\.(\d+)/.exec(`${r.stderr}`) ?? []).map(Number);
  return major > 9 || (major === 9 && minor >= 8);
}

// StrictModes no: the temp dir's permissions are not sshd's business here.
const FIXED_CONFIG = `UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowTcpForwarding yes
X11Forwarding no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 200
MaxSessions 20
LogLevel ERROR
Subsystem sftp internal-sftp`;

class Sshd implements TestSshd {
  readonly host = '127.0.0.1' as const;
  readonly user = testUser();
  port = 0;
  clientKey = '';
  clientKeyPath: string;
  clientKeyPassphrase?: string;
  hostPublicKey = '';
  hostKeyFingerprint = '';
  private child: ChildProcess | undefined;
  private stderr = '';
  private stopped = false;

  constructor(
    readonly dir: string,
    private readonly opts: StartSshdOptions,
  ) {
    this.clientKeyPath = join(dir, 'client_ed25519');
    this.clientKeyPassphrase = opts.encryptedClientKeyPassphrase;
    instances.add(this);
  }

  /** Last resort when the test process exits without stop(). unshare --kill-child takes sshd along. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && this.child?.exitCode === null) signalTree(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  setup(): void {
    keygen(this.clientKeyPath, 'greenboard-test-client', this.clientKeyPassphrase ?? '');
    this.clientKey = readFileSync(this.clientKeyPath, 'utf8');
    // sshd reads authorized_keys as the logging-in user, who must be able to reach it.
    chmodSync(this.dir, 0o755);
    writeFileSync(join(this.dir, 'authorized_keys'), readFileSync(`${this.clientKeyPath}.pub`), {
      mode: 0o644,
    });
    this.newHostKey();
    // The privilege separation dir; a fresh container has none.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  }

  private newHostKey(): void {
    const path = join(this.dir, 'host_ed25519');
    keygen(path, 'greenboard-test-host');
    this.hostPublicKey = readFileSync(`${path}.pub`, 'utf8').trim();
    const line = execFileSync(SSH_KEYGEN, ['-lf', `${path}.pub`], { encoding: 'utf8' });
    const fp = line.split(' ')[1];
    if (!fp?.startsWith('SHA256:')) throw new Error(`Unexpected ssh-keygen -l output: ${line}`);
    this.hostKeyFingerprint = fp;
  }

  private writeConfig(): string {
    const d = this.dir;
    const config = `ListenAddress 127.0.0.1
Port ${this.port}
HostKey ${join(d, 'host_ed25519')}
PidFile ${join(d, 'sshd.pid')}
AuthorizedKeysFile ${join(d, 'authorized_keys')}
${FIXED_CONFIG}
PermitRootLogin ${this.opts.permitRootLogin ? 'prohibit-password' : 'no'}
${hasPerSourcePenalties() ? 'PerSourcePenalties no' : ''}
${this.opts.extraConfig ?? ''}
`;
    const path = join(d, 'sshd_config');
    writeFileSync(path, config);
    return path;
  }

  async start(): Promise<void> {
    if (this.stopped) throw new Error('This test sshd was stopped; start a new one.');
    const fixedPort = this.port !== 0 || this.opts.port !== undefined;
    for (let attempt = 1; ; attempt++) {
      if (!fixedPort) this.port = await freePort();
      else if (this.port === 0) this.port = this.opts.port ?? 0;
      try {
        await this.launch();
        return;
      } catch (e) {
        // Another process took the port between our probe and sshd's bind: pick another.
        if (fixedPort || attempt >= 5 || !/Address already in use/.test(this.stderr)) throw e;
      }
    }
  }

  private async launch(): Promise<void> {
    const config = this.writeConfig();
    this.stderr = '';
    // setpriv --pdeathsig: sshd dies with the test process even if that is SIGKILLed.
    const wrapper = [
      ...(existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL'] : []),
      ...(usePidNamespace() ? [UNSHARE, '--pid', '--mount-proc', '--kill-child=KILL'] : []),
    ];
    const script = `ulimit -n 4096 2>/dev/null; c=$1; shift; exec ${SSHD} -D -e -f "$c" "$@"`;
    const [cmd = '/bin/bash', ...args] = [
      ...wrapper,
      '/bin/bash',
      '-c',
      script,
      'sshd',
      config,
      ...(this.opts.args ?? []),
    ];
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let exited = false;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-8192);
    });
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
      if (await readsBanner(this.port)) return;
      await sleep(50);
    }
    const why = exited
      ? `exited with code ${child.exitCode}`
      : `did not answer within ${READY_TIMEOUT_MS} ms`;
    await this.terminate('SIGKILL');
    throw new Error(`Test sshd on 127.0.0.1:${this.port} ${why}. sshd stderr:\n${this.stderr || '(empty)'}`);
  }

  /** Signals sshd and its sessions, and waits for sshd to exit. */
  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (usePidNamespace()) {
      // unshare exits once sshd, the namespace's init, and with it every session, is gone.
      const init = childrenOf(child.pid)[0];
      trySignal(init ?? child.pid, init === undefined ? 'SIGKILL' : signal);
    } else {
      signalTree(child.pid, signal);
    }
    const timeout = sleep(3000).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      signalTree(child.pid, 'SIGKILL');
      await exited;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    instances.delete(this);
    await this.terminate('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  kill(): Promise<void> {
    return this.terminate('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.terminate('SIGTERM');
    await this.start();
  }

  async rotateHostKey(): Promise<void> {
    this.newHostKey();
    await this.restart();
  }
}

/**
 * Starts a real sshd on 127.0.0.1 that accepts {@link TestSshd.clientKey} for the current user.
 * Start two for jump-host tests (bastion and target); on loopback both are reachable directly.
 */
export async function startSshd(opts: StartSshdOptions = {}): Promise<TestSshd> {
  const sshd = new Sshd(mkdtempSync(join(tmpdir(), 'gb-sshd-')), opts);
  try {
    sshd.setup();
    await sshd.start();
  } catch (e) {
    await sshd.stop();
    throw e;
  }
  return sshd;
}
