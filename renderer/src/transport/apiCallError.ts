import type { ErrorCode } from '../../../shared/schemas';

/** `disconnected` is the renderer's own code: the call was lost with the socket, not refused. */
export type ApiCallErrorCode = ErrorCode | 'disconnected' | 'timeout';

/** A failed API call, carrying the engine's `{ code, message }` so the UI can show the message as is. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiCallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The text to show a person for anything a call threw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
