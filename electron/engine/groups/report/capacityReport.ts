import type { CapacityReportFile, CapacityReportInput } from '../../../../shared/capacityReport';
import type { EngineContext } from '../../core/context';
import type { GroupService } from '../groupService';
import { buildReport } from './buildReport';
import { readReportData } from './reportData';
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
export function capacityReport(deps: Deps, input: CapacityReportInput): CapacityReportFile {
  const group = deps.groups.get(input.tag);
  const members = group.members.map((m) => ({ hostId: m.hostId, name: m.name }));
  const data = readReportData(deps.store, group.tag, members, input.fromTs, input.toTs, deps.clock.now());
  const model = buildReport(data);
  const md = input.format === 'md';
  return {
    fileName: reportFileName(group.tag, input.toTs, input.format),
    mime: md ? 'text/markdown;charset=utf-8' : 'text/html;charset=utf-8',
    text: md ? renderMarkdown(model) : renderHtml(model),
    summary: model.summary,
  };
}
