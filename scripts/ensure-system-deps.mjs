// Makes sure the system packages the test suite needs are installed. As root on Debian/Ubuntu
// it installs what is missing with apt-get; otherwise it prints the one command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What the tests need: a file that proves it is there, and the Debian package that brings it. */
export const SYSTEM_DEPS = [
  { pkg: 'chromium', provides: '/usr/bin/chromium', why: 'Playwright e2e specs' },
  {
    pkg: 'openssh-server',
    provides: '/usr/sbin/sshd',
    why: 'SSH integration tests (a real sshd on loopback)',
  },
  { pkg: 'openssh-client', provides: '/usr/bin/ssh-keygen', why: 'test keys' },
  { pkg: 'busybox', provides: '/bin/busybox', why: 'the SSH poll script is tested under BusyBox sh too' },
  { pkg: 'nginx', provides: '/usr/sbin/nginx', why: 'HTTP probe tests (a real nginx on loopback)' },
  {
    pkg: 'haproxy',
    provides: '/usr/sbin/haproxy',
    why: 'group balance tests (a real HAProxy in front of loopback upstreams)',
  },
  {
    pkg: 'socat',
    provides: '/usr/bin/socat',
    why: "reading HAProxy's admin socket (show stat) in the group balance tests",
  },
  { pkg: 'openssl', provides: '/usr/bin/openssl', why: 'test TLS certificates for the HTTP probe tests' },
  {
    pkg: 'prometheus',
    provides: '/usr/bin/prometheus',
    why: 'Prometheus data source and /metrics tests (a real Prometheus on loopback)',
  },
  {
    pkg: 'prometheus-node-exporter',
    provides: '/usr/bin/prometheus-node-exporter',
    why: 'Prometheus data source tests (node_exporter series)',
  },
  {
    pkg: 'postgresql',
    provides: '/usr/bin/pgbench',
    why: 'database service tests (a private PostgreSQL cluster with pg_stat_statements, load from pgbench)',
  },
  {
    pkg: 'mariadb-server',
    provides: '/usr/sbin/mariadbd',
    why: 'database service tests (a private MariaDB datadir)',
  },
  {
    pkg: 'mariadb-client',
    provides: '/usr/bin/mysql',
    why: 'the MySQL/MariaDB client the service poll runs',
  },
  {
    pkg: 'redis-server',
    provides: '/usr/bin/redis-server',
    why: 'cache service tests (a private redis-server)',
  },
  { pkg: 'redis-tools', provides: '/usr/bin/redis-cli', why: 'the Redis client the service poll runs' },
  {
    pkg: 'sudo',
    provides: '/usr/bin/sudo',
    why: 'service polls run the client as the service user (sudo -n -u postgres)',
  },
];

const missing = SYSTEM_DEPS.filter((d) => !existsSync(d.provides));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((d) => d.pkg);
const list = missing.map((d) => `${d.pkg} (${d.why})`).join(', ');
const hasApt = existsSync('/usr/bin/apt-get');
const isRoot = process.getuid?.() === 0;

if (!hasApt) {
  console.error(
    `greenboard tests need: ${list}. Install them with your system's package manager, then run npm test again.`,
  );
  process.exit(1);
}
if (!isRoot) {
  console.error(
    `greenboard tests need: ${list}.\nRun this once, then npm test again:\n\n  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}\n`,
  );
  process.exit(1);
}

console.error(`Installing system packages for the tests: ${pkgs.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
// confold/confdef: never stop at a "config file changed" prompt (ucf/dpkg), keep what is there.
const noPrompts = ['-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold'];
if (!apt(['update']) || !apt(['install', '-y', '--no-install-recommends', ...noPrompts, ...pkgs])) {
  console.error(`apt-get could not install ${pkgs.join(' ')}; see its output above.`);
  process.exit(1);
}
const still = missing.filter((d) => !existsSync(d.provides));
if (still.length > 0) {
  console.error(`Installed, but still missing: ${still.map((d) => d.provides).join(', ')}`);
  process.exit(1);
}
try {
  if (pkgs.includes('chromium')) execFileSync('/usr/bin/chromium', ['--version'], { stdio: 'inherit' });
} catch {
  // a version print is only a courtesy
}
