// `npm start`: the desktop app where the Electron runtime is installed, else the same UI
// served headless in a browser, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary } from './electronBinary.mjs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });

if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']).status !== 0) {
  console.error('greenboard: the build failed; see the errors above.');
  process.exit(1);
}

const electron = findElectronBinary();
let child;
if (electron) {
  // better-sqlite3 is built for Node's ABI by npm install; Electron needs its own build. The
  // rebuild tool is fetched on demand: it depends on a GitHub tarball, which would break a
  // registry-only npm install.
  const rebuilt = run('npx', ['--yes', '@electron/rebuild', '--only', 'better-sqlite3']);
  if (rebuilt.status !== 0)
    console.error('greenboard: could not rebuild native modules for Electron; trying anyway.');
  child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
} else {
  console.error(
    'greenboard: the Electron runtime is not installed here (it downloads on first run, and this machine cannot reach it).\n' +
      'greenboard: starting headless instead: open the URL below in a browser. To get the desktop app, run "npx install-electron" on a machine with internet access.',
  );
  child = spawn(process.execPath, ['bin/greenboard.js', 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
