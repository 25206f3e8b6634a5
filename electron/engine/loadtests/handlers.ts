import type { Handlers } from '../core/slices';
import type { LoadTestService } from './loadTestService';

type LoadMethods =
  | 'loadtests:targets'
  | 'loadtests:saveTarget'
  | 'loadtests:removeTarget'
  | 'loadtests:start'
  | 'loadtests:cancel'
  | 'loadtests:runs'
  | 'loadtests:setBaseline';

/** Load test targets, runs (started, cancelled, kept) and baselines. */
export function loadTestHandlers(engine: {
  readonly loadTests: LoadTestService;
}): Pick<Handlers, LoadMethods> {
  const { loadTests } = engine;
  return {
    'loadtests:targets': () => loadTests.targets(),
    'loadtests:saveTarget': (input) => loadTests.saveTarget(input),
    'loadtests:removeTarget': ({ targetId }) => loadTests.removeTarget(targetId),
    'loadtests:start': ({ targetId }) => loadTests.start(targetId),
    'loadtests:cancel': ({ runId }) => loadTests.cancel(runId),
    'loadtests:runs': ({ targetId, limit }) => loadTests.runs(targetId, limit),
    'loadtests:setBaseline': ({ runId }) => loadTests.setBaseline(runId),
  };
}
