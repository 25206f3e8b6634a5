import type { Slice } from '../core/slices';
import type { GroupService } from './groupService';

/** Groups (tags): their views, and the balancer named for each. */
export function groupHandlers(engine: { readonly groups: GroupService }): Slice<'groups'> {
  const { groups } = engine;
  return {
    'groups:list': () => groups.list(),
    'groups:get': ({ tag }) => groups.get(tag),
    'groups:setBalancer': ({ tag, balancer }) => groups.setBalancer(tag, balancer),
  };
}
