import type { EngineContext } from '../core/context';
import type { Slice } from '../core/slices';
import type { GroupService } from './groupService';
import { capacityReport } from './report/capacityReport';

/** Groups (tags): their views, the balancer named for each, and their capacity reports. */
export function groupHandlers(
  engine: { readonly groups: GroupService } & Pick<EngineContext, 'store' | 'clock'>,
): Slice<'groups'> {
  const { groups } = engine;
  return {
    'groups:list': () => groups.list(),
    'groups:get': ({ tag }) => groups.get(tag),
    'groups:setBalancer': ({ tag, balancer }) => groups.setBalancer(tag, balancer),
    'groups:report': (input) => capacityReport(engine, input),
  };
}
