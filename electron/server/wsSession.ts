import type { WebSocket } from 'ws';
import { dispatch } from '../../shared/dispatch';
import type { WsResponse } from '../../shared/bridge';
import type { EngineHandle } from '../engine';
import { internalError } from './internalError';

/** What a socket needs of the engine: its handlers, how dispatch reports their bugs, the log. */
export type SocketEngine = Pick<EngineHandle, 'api' | 'dispatchOptions' | 'log'>;

/**
 * One browser tab's socket: each frame `{ id, method, input }` is answered with
 * `{ id, ok, result | error }`. A malformed frame gets an error reply, never a dropped socket.
 */
export function attachSocket(ws: WebSocket, engine: SocketEngine): void {
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? null : Buffer.from(data as Buffer).toString('utf8');
    // Whatever escapes a frame (a result that cannot be serialised, a bug) is answered and
    // logged: an unhandled rejection here would end the whole server, not just this call.
    handleFrame(ws, engine, text).catch((err: unknown) => {
      reply(ws, { id: -1, ok: false, error: internalError(engine.log, 'websocket frame', err) });
    });
  });
  ws.on('error', () => ws.terminate());
}

async function handleFrame(ws: WebSocket, engine: SocketEngine, text: string | null): Promise<void> {
  let frame: unknown;
  try {
    frame = text === null ? null : JSON.parse(text);
  } catch (err) {
    return reply(ws, {
      id: -1,
      ok: false,
      error: { code: 'bad_request', message: `Frame is not valid JSON: ${(err as Error).message}` },
    });
  }
  if (
    typeof frame !== 'object' ||
    frame === null ||
    typeof (frame as { method?: unknown }).method !== 'string'
  ) {
    return reply(ws, {
      id: -1,
      ok: false,
      error: {
        code: 'bad_request',
        message: 'Frames must be {"id": number, "method": string, "input": object}.',
      },
    });
  }
  const { id, method, input } = frame as { id?: unknown; method: string; input?: unknown };
  const replyId = typeof id === 'number' ? id : -1;
  const envelope = await dispatch(engine.api, method, input, engine.dispatchOptions);
  reply(ws, { id: replyId, ...envelope });
}

function reply(ws: WebSocket, msg: WsResponse): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}
