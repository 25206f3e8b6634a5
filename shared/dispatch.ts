import { isMethodName } from './channels';
import { describeZodError, methods, type ApiHandlers, type Envelope } from './contract';
import { toApiError } from './errors';

/**
 * Validates a raw call against the contract and runs its handler. Both transports go through
 * here, so a bad call gets the same `{ ok: false, error }` over IPC and over HTTP/WebSocket.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
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
    return {
      ok: false,
      error: {
        code: 'bad_request',
        message: `Invalid input for ${method}: ${describeZodError(parsed.error)}`,
      },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
