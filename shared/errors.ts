import type { ApiError, ErrorCode } from './schemas';

/** An error that crosses the API boundary as `{ code, message }`. */
export class GreenboardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GreenboardError';
  }

  toJSON(): ApiError {
    return { code: this.code, message: this.message };
  }
}

/**
 * Turns anything thrown into the wire error shape without leaking stack traces. An error
 * that is not a GreenboardError is a bug; its message points to the log that holds its stack.
 */
export function toApiError(err: unknown, logPath?: string | null): ApiError {
  if (err instanceof GreenboardError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  const where = logPath ? `Details are in ${logPath}.` : 'See the Greenboard log for details.';
  return { code: 'internal', message: `Internal error: ${message.replace(/\.+$/, '')}. ${where}` };
}
