import type { Handlers } from '../core/slices';
import type { ProbeService } from './probeService';

/** Scheduled HTTP(S) probes: their definitions, a run now, their results. */
export function probeHandlers(engine: {
  readonly probes: ProbeService;
}): Pick<
  Handlers,
  'probes:list' | 'probes:add' | 'probes:update' | 'probes:remove' | 'probes:run' | 'probes:results'
> {
  const { probes } = engine;
  return {
    'probes:list': () => probes.list(),
    'probes:add': (input) => probes.add(input),
    'probes:update': (def) => probes.update(def),
    'probes:remove': ({ probeId }) => probes.remove(probeId),
    'probes:run': ({ probeId }) => probes.runNow(probeId),
    'probes:results': (input) => probes.results(input),
  };
}
