import type { ApiError, ApiIssue, ErrorCode } from './schemas';

/**
 * An error that crosses the API boundary as `{ code, message, issues? }`. A validation failure
 * that can name its fields passes `issues` (paths from the call's input), so a form can show
 * each beside its field; `message` stays the whole story in one line for everyone else.
 */
export class GreenboardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly ApiIssue[],
  ) {
    super(message);
    this.name = 'GreenboardError';
  }

  toJSON(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues?.length
        ? { issues: this.issues.map((i) => ({ path: [...i.path], message: i.message })) }
        : {}),
    };
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
