import type { EventName, MethodName } from './channels';
import type { Envelope, EventPayload, MethodInput, MethodOutput } from './contract';

/**
 * What the preload exposes as `window.greenboard`: one typed function per contract method
 * (each resolving to the same envelope the HTTP API returns) and a subscription that returns
 * its own unsubscribe. No raw ipcRenderer, no generic send.
 */
export interface GreenboardBridge {
  methods: { [M in MethodName]: (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>> };
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Desktop only: "Save as…" for a file or folder `history:export` wrote. Main shows the native
   * save dialog and copies it there; `savedTo` is null when the user cancelled.
   */
  saveExportAs?: (path: string) => Promise<Envelope<{ savedTo: string | null }>>;
}

/** WebSocket frames of the headless transport (`/api/ws`). */
export type WsRequest = { id: number; method: string; input?: unknown };
export type WsResponse = { id: number } & Envelope<unknown>;
export type WsEvent = { event: EventName; payload: unknown };
