import { useUiStore } from './uiStore';

/** Shown only while the WebSocket is down; the numbers on screen are stale until it returns. */
export function ConnectionBanner() {
  const connection = useUiStore((s) => s.connection);
  if (connection.state === 'open') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" />
      {connection.message}
    </div>
  );
}
