import type { WebSocket } from 'ws';
import type { ApiHandlers } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { WsResponse } from '../../shared/bridge';

/**
 * One browser tab's socket: each frame `{ id, method, input }` is answered with
 * `{ id, ok, result | error }`. A malformed frame gets an error reply, never a dropped socket.
 */
export function attachSocket(ws: WebSocket, api: ApiHandlers): void {
  ws.on('message', (data, isBinary) => {
    void handleFrame(ws, api, isBinary ? null : Buffer.from(data as Buffer).toString('utf8'));
  });
  ws.on('error', () => ws.terminate());
}

async function handleFrame(ws: WebSocket, api: ApiHandlers, text: string | null): Promise<void> {
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
  const envelope = await dispatch(api, method, input);
  reply(ws, { id: replyId, ...envelope });
}

function reply(ws: WebSocket, msg: WsResponse): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}
