import type { CapacityReportFile, CapacityReportInput } from '../../../../shared/capacityReport';
import { GreenboardError } from '../../../../shared/errors';
import type { EngineContext } from '../../core/context';
import type { GroupService } from '../groupService';
import { buildReport } from './buildReport';
import { gridOf, mostUsedTier, readMember, type ReportData } from './reportData';
import { renderHtml } from './renderHtml';
import { renderMarkdown } from './renderMarkdown';

type Deps = Pick<EngineContext, 'store' | 'clock'> & { groups: Pick<GroupService, 'get'> };

/** `capacity-web-2026-03-10.md`: the tag made safe for a file name, and the range's last day. */
export function reportFileName(tag: string, toTs: number, format: 'md' | 'html'): string {
  const slug = tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `capacity-${slug || 'group'}-${new Date(toTs).toISOString().slice(0, 10)}.${format}`;
}

/**
 * A group's capacity report over a range, written as one file. Reads only (the group's members
 * and the stored history), so it runs on a reviewed history file as well. An unknown group is
 * `not_found` with how to make one (GroupService.get).
 */
export async function capacityReport(deps: Deps, input: CapacityReportInput): Promise<CapacityReportFile> {
  const group = deps.groups.get(input.tag);
  const grid = gridOf(input.fromTs, input.toTs);
  const read: ReturnType<typeof readMember>[] = [];
  for (const m of group.members) {
    // A member at a time, with a turn of the event loop between (a 50-host month is a few
    // hundred ms of reads): polls and other calls go on meanwhile.
    if (read.length > 0) await new Promise((r) => setImmediate(r));
    if (!deps.store.db.open)
      throw new GreenboardError(
        'conflict',
        'Greenboard is shutting down: the report was not written; try again once it has restarted.',
      );
    read.push(readMember(deps.store, { hostId: m.hostId, name: m.name }, grid, input.toTs));
  }
  const data: ReportData = {
    tag: group.tag,
    fromTs: input.fromTs,
    toTs: input.toTs,
    generatedAt: deps.clock.now(),
    ...grid,
    tier: mostUsedTier(
      read.map((r) => r.tier),
      grid.bucketMs,
    ),
    members: read.map((r) => r.member),
  };
  const model = buildReport(data);
  const md = input.format === 'md';
  return {
    fileName: reportFileName(group.tag, input.toTs, input.format),
    mime: md ? 'text/markdown;charset=utf-8' : 'text/html;charset=utf-8',
    text: md ? renderMarkdown(model) : renderHtml(model),
    summary: model.summary,
  };
}
