import { parseArgs, runScenario } from './harness';

/**
 * The harness alone, no workload: the noise floor of this machine and of the measurement
 * itself (with --eld=1 its event-loop figures show how late a 1 ms timer fires on a busy
 * shared box even when the process does nothing).
 */
const args = parseArgs();

await runScenario('idle (harness only)', args, () => ({
  polls: () => 0,
  stop: () => Promise.resolve(),
}));
