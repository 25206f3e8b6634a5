import type { ProcessInfo, Sample } from '../../../shared/schemas';

/** Something that can poll one host. The scheduler never runs two polls of one collector at once. */
export interface Collector {
  collect(): Promise<Sample>;
  topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]>;
  close(): Promise<void>;
}
