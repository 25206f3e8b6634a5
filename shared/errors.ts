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

/** Turns anything thrown into the wire error shape without leaking stack traces. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof GreenboardError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Internal error: ${message}. See the Greenboard log for details.` };
}
