import { z } from 'zod';
import { ApiIssueSchema, type ApiError, type ApiIssue, type ErrorCode } from '../../../shared/schemas';

/** `disconnected` is the renderer's own code: the call was lost with the socket, not refused. */
export type ApiCallErrorCode = ErrorCode | 'disconnected' | 'timeout';

const IssuesSchema = z.array(ApiIssueSchema);

/**
 * A failed API call, carrying the engine's `{ code, message, issues }`: the message to show as
 * is, and for a validation failure the issues by field path (see `ApiIssue`), for a form to put
 * beside its fields. Never empty-handed: `issues` is `[]` when the engine named no field.
 */
export class ApiCallError extends Error {
  readonly issues: readonly ApiIssue[];

  constructor(
    readonly code: ApiCallErrorCode,
    message: string,
    issues: unknown = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
    // From the wire: an engine of another version could send anything, and a form must not crash on it.
    const parsed = IssuesSchema.safeParse(issues);
    this.issues = parsed.success ? parsed.data : [];
  }

  /** The error an envelope's `{ ok: false, error }` stands for. */
  static from(error: ApiError): ApiCallError {
    return new ApiCallError(error.code, error.message, error.issues);
  }
}

/** The text to show a person for anything a call threw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The issues a refused call named by field, or none for anything else that was thrown. */
export function errorIssues(err: unknown): readonly ApiIssue[] {
  return err instanceof ApiCallError ? err.issues : [];
}
