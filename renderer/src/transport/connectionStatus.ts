export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * `problem` marks the states retrying cannot fix, so the UI shows a full-page explanation
 * instead of a "reconnecting" banner.
 */
export interface ConnectionStatus {
  state: ConnectionState;
  message: string;
  problem: 'no-token' | 'unauthorized' | null;
}

/** Where the UI reads the transport's connection state from. */
export interface ConnectionSource {
  get(): ConnectionStatus;
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
}

export const NO_TOKEN_MESSAGE =
  'This page needs its access token. Open the URL that `greenboard serve` printed (it ends in ?token=…).';

export const UNAUTHORIZED_MESSAGE =
  'Greenboard refused this page’s access token. It is wrong or from an earlier run: open the URL that `greenboard serve` printed most recently.';

export const RECONNECTING_MESSAGE = 'Disconnected from Greenboard — reconnecting…';

/** The bridge is in-process, so it never disconnects. */
export const alwaysOpen: ConnectionSource = {
  get: () => ({ state: 'open', message: 'Connected', problem: null }),
  subscribe: () => () => {},
};
