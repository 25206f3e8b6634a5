import type { ProcessInfo, Sample } from '../../../shared/schemas';

/** Something that can poll one host. The scheduler never runs two polls of one collector at once. */
export interface Collector {
  /**
   * Takes the baseline reading that rates (CPU %, bytes/s) are computed against, so the first
   * real sample one interval later is complete rather than a sample with no rates.
   */
  prime(): Promise<void>;
  collect(): Promise<Sample>;
  topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]>;
  close(): Promise<void>;
}
