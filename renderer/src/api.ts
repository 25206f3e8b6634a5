import type { GreenboardApi } from '../../shared/contract';
import { ApiCallError } from './transport/apiCallError';
import { bridgeApi, bridgeSaveExportAs } from './transport/bridgeApi';
import { alwaysOpen, NO_TOKEN_MESSAGE, type ConnectionSource } from './transport/connectionStatus';
import { WsApi } from './transport/wsApi';

export { ApiCallError, errorIssues, errorMessage } from './transport/apiCallError';
export type { ConnectionStatus, ConnectionSource } from './transport/connectionStatus';

/** A token-less browser page cannot connect; it reports why instead of retrying forever. */
const missingToken: ConnectionSource = {
  get: () => ({ state: 'closed', message: NO_TOKEN_MESSAGE, problem: 'no-token' }),
  subscribe: (listener) => {
    listener(missingToken.get());
    return () => {};
  },
};

const tokenlessApi: GreenboardApi = {
  call: () => Promise.reject(new ApiCallError('unauthorized', NO_TOKEN_MESSAGE)),
  on: () => () => {},
};

function chooseTransport(): { api: GreenboardApi; connection: ConnectionSource } {
  if (window.greenboard) return { api: bridgeApi(window.greenboard), connection: alwaysOpen };
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return { api: tokenlessApi, connection: missingToken };
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WsApi(`${scheme}://${location.host}/api/ws?token=${encodeURIComponent(token)}`);
  return { api: ws, connection: ws };
}

const chosen = chooseTransport();

/**
 * The one way the UI talks to the engine: Electron IPC through `window.greenboard` in the desktop
 * app, or a WebSocket to `greenboard serve` in a browser. Same contract either way.
 */
export const api: GreenboardApi = chosen.api;

/** Whether the transport is connected, for the "reconnecting" banner and the token page. */
export const connection: ConnectionSource = chosen.connection;

/**
 * Desktop only: copies an export to a place picked in the native save dialog; resolves to that
 * path, or null if the user cancelled. Null in a browser, where the exports folder path is shown.
 */
export const saveExportAs: ((path: string) => Promise<string | null>) | null = window.greenboard
  ? bridgeSaveExportAs(window.greenboard)
  : null;

/**
 * Browser only: the URL that downloads a file `history:export` wrote (a name from its
 * `downloads`), so an export lands in the browser's downloads, not only on the server's disk.
 * Null in the desktop app, which offers its native "Save as…" instead.
 */
export const exportDownloadUrl: ((name: string) => string) | null = window.greenboard
  ? null
  : (name) => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const path = name.split('/').map(encodeURIComponent).join('/');
      return `/api/download/${path}?token=${encodeURIComponent(token)}`;
    };
