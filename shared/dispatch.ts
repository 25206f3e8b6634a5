import { isMethodName, type MethodName } from './channels';
import { describeIssues, methods, zodIssues, type ApiHandlers, type Envelope } from './contract';
import { GreenboardError, toApiError } from './errors';

/** What the caller (the engine's owner) does about a handler's bug; shared/ cannot log itself. */
export interface DispatchOptions {
  /**
   * Told about an error a handler threw that is not a GreenboardError, with the method that
   * failed, so it can be logged with its stack. Bad input never gets here: it is refused first.
   */
  onInternalError?: (method: MethodName, err: unknown) => void;
  /** The log that holds those details, named in the message the caller sees. */
  logPath?: string | null;
}

/**
 * Validates a raw call against the contract and runs its handler. Both transports go through
 * here, so a bad call gets the same `{ ok: false, error }` over IPC and over HTTP/WebSocket.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
  opts: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: {
        code: 'unknown_method',
        message: `Unknown method "${method}". Known methods: ${Object.keys(methods).join(', ')}.`,
      },
    };
  }
  const parsed = methods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return {
      ok: false,
      error: {
        code: 'bad_request',
        message: `Invalid input for ${method}: ${describeIssues(issues)}`,
        issues,
      },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    if (!(err instanceof GreenboardError)) {
      try {
        opts.onInternalError?.(method, err);
      } catch {
        // A logger that fails must not turn one error into an unanswered call.
      }
    }
    return { ok: false, error: toApiError(err, opts.logPath) };
  }
}
