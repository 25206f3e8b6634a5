import { queryOptions } from '@tanstack/react-query';
import type { MethodName } from '../../shared/channels';
import type { MethodInput, MethodOutput } from '../../shared/contract';
import { api } from './api';

/** The cache key of one API read: the method, then its input, so each input is its own entry. */
export function apiKey<M extends MethodName>(method: M, input: MethodInput<M>): readonly [M, MethodInput<M>] {
  return [method, input] as const;
}

/** Query options that read `method` with `input` through the one API object. */
export function apiQuery<M extends MethodName>(method: M, input: MethodInput<M>) {
  return queryOptions({
    queryKey: apiKey(method, input),
    queryFn: (): Promise<MethodOutput<M>> => api.call(method, input),
  });
}
