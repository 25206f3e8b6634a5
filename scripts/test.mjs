// `npm test`: system packages, typecheck, lint, unit + integration tests (Vitest), the build,
// then the Playwright e2e specs. Ends with one summary line of all test counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'test-results/reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const step = (title, cmd, args) => {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status === 0;
};

const counts = { passed: 0, failed: 0, skipped: 0 };
function readVitest() {
  const f = `${REPORTS}/vitest.json`;
  if (!existsSync(f)) return;
  const j = JSON.parse(readFileSync(f, 'utf8'));
  counts.passed += j.numPassedTests ?? 0;
  counts.failed += j.numFailedTests ?? 0;
  counts.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}
/** Skipped specs with the reason they give, so a skip is never silent. */
function skipReasons(suite, out = []) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      const skip = (t.annotations ?? []).find((a) => a.type === 'skip');
      if (t.status === 'skipped') out.push(`${spec.title}: ${skip?.description ?? 'no reason given'}`);
    }
  }
  for (const child of suite.suites ?? []) skipReasons(child, out);
  return out;
}

function readPlaywright() {
  const f = `${REPORTS}/playwright.json`;
  if (!existsSync(f)) return;
  const report = JSON.parse(readFileSync(f, 'utf8'));
  for (const r of (report.suites ?? []).flatMap((suite) => skipReasons(suite))) console.log(`skipped: ${r}`);
  const s = report.stats ?? {};
  counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  counts.failed += s.unexpected ?? 0;
  counts.skipped += s.skipped ?? 0;
}

let ok =
  step('System packages', process.execPath, ['scripts/ensure-system-deps.mjs']) &&
  step('Typecheck', 'npm', ['run', '--silent', 'typecheck']) &&
  step('Lint', 'npm', ['run', '--silent', 'lint']);
if (ok) {
  ok = step('Unit and integration tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORTS}/vitest.json`,
  ]);
  readVitest();
}
if (ok) ok = step('Build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);
if (ok) {
  ok = step('End-to-end (Playwright)', 'npx', ['playwright', 'test']);
  readPlaywright();
}
// A step that failed before reporting any test (typecheck, lint, a spec that does not load)
// still counts as a failure in the summary line.
if (!ok && counts.failed === 0) {
  console.log('\nA step failed before it reported test results; see its output above.');
  counts.failed = 1;
}
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok && counts.failed === 0 ? 0 : 1);
