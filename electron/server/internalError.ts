import type { ApiError } from '../../shared/schemas';
import { toApiError } from '../../shared/errors';
import type { Logger } from '../engine';

/**
 * Something in the transport itself threw (not a handler: `dispatch` logs those through the
 * engine's dispatchOptions). Logged with its stack and what was being done, so that the
 * message the client gets, which names the log, leads somewhere.
 */
export function internalError(log: Logger, method: string, err: unknown): ApiError {
  const message = err instanceof Error ? err.message : String(err);
  try {
    log.error(`${method} failed: ${message}`, { method, err });
  } catch {
    // A logger that fails must not turn one error into an unanswered request.
  }
  return toApiError(err, log.file);
}
