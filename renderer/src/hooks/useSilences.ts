import type { MethodOutput } from '../../../shared/contract';
import { api } from '../api';
import { usePolled, type Polled } from './usePolled';

/** Silences end by themselves and others may add some elsewhere: look again this often. */
const REFRESH_MS = 15_000;

const load = (): Promise<MethodOutput<'silences:list'>> => api.call('silences:list', {});

/** The silences and maintenance windows the engine holds. */
export function useSilences(): Polled<MethodOutput<'silences:list'>> {
  return usePolled(load, REFRESH_MS);
}
