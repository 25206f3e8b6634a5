import { QueryClient } from '@tanstack/react-query';
import { ApiCallError } from '../transport/apiCallError';

/**
 * Codes a second try cannot change: the engine looked at the request and said no. Only a call
 * lost on the way (`disconnected`, `timeout`) is worth asking again.
 */
const TRANSIENT = new Set<ApiCallError['code']>(['disconnected', 'timeout']);

/** One try more for a transient failure; anything else is shown at once. */
export function shouldRetry(failures: number, err: unknown): boolean {
  return failures < 1 && err instanceof ApiCallError && TRANSIENT.has(err.code);
}

/**
 * The page's one cache of request/response data. Nothing is read again merely because the
 * window got focus (a dashboard left open would storm the engine on every alt-tab); what
 * changes is read again when an engine event or a reconnect says so (see queryEvents.ts), or
 * on the interval the view asks for. Errors are left on the query for the view to show.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();
