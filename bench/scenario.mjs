// Runs each bench script in its own process, so harness module loading stays out of its numbers.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const root = dirname(benchDir);

/** A number from the environment, or the default when it is unset, empty or not a number. */
export const env = (k, d) =>
  Number.isFinite(Number(process.env[k])) && process.env[k] !== '' ? Number(process.env[k]) : d;

function launch(file, args, onLine, { echoStderr = false } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file), ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      onLine(out.slice(0, i));
      out = out.slice(i + 1);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    err += d;
    if (echoStderr) process.stderr.write(d);
  });
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr: err.trim() }));
  });
  return { child, done };
}

/**
 * Runs scenarios concurrently with a shared READY/GO start; resolves to their JSON results.
 * `common` is appended to every scenario's own args.
 */
export async function runTogether(specs, common) {
  const runs = specs.map((s) => ({ ...s, lines: [], ready: false, exited: false }));
  const maybeGo = () => {
    if (runs.every((r) => r.ready || r.exited))
      for (const r of runs) if (!r.exited) r.proc.child.stdin.end('GO\n');
  };
  for (const r of runs) {
    r.proc = launch(r.file, [...r.args, ...common], (line) => {
      if (line === 'READY') {
        r.ready = true;
        maybeGo();
      } else r.lines.push(line);
    });
    r.proc.child.stdin.on('error', () => {}); // a crashed child closes its stdin early
    void r.proc.done.then(() => {
      r.exited = true;
      maybeGo();
    });
  }
  return Promise.all(runs.map(async (r) => ({ spec: r, exit: await r.proc.done })));
}

export function parseResult(label, lines, exit) {
  // The JSON line; scripts that also print a table for people print it first.
  const last = lines.filter((l) => l.trim()).findLast((l) => l.startsWith('{')) ?? lines.at(-1);
  if (exit.code !== 0 || !last)
    return { error: `${label} exited with ${exit.signal ?? exit.code}: ${exit.stderr.slice(-2000)}` };
  try {
    return { value: JSON.parse(last) };
  } catch {
    return { error: `${label}: last stdout line is not JSON: ${last.slice(0, 200)}` };
  }
}

/**
 * Runs one script alone (no READY/GO: its stdin is closed at once) and resolves to its JSON
 * result, or null after pushing its error onto `errors`.
 */
export async function runAlone(file, args, errors, { echoStderr = false } = {}) {
  const lines = [];
  const proc = launch(file, args, (l) => lines.push(l), { echoStderr });
  proc.child.stdin.end();
  const r = parseResult(file, lines, await proc.done);
  if (r.error) errors.push(r.error);
  return r.value ?? null;
}
