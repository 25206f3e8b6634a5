import { Notification, type BrowserWindow } from 'electron';
import type { EngineHandle } from '../engine';

/**
 * Shows the engine's notifications (a host or probe turned red or recovered, already silenced
 * and rate limited by the engine) as OS notifications, and tells the engine whether it could,
 * for the alert log; clicking one opens that host's or probe's page.
 * https://www.electronjs.org/docs/latest/api/notification
 */
export function showHostNotifications(engine: EngineHandle, win: BrowserWindow): () => void {
  return engine.addScreen((n) => {
    if (!Notification.isSupported()) return { kind: 'desktop', shown: false };
    const note = new Notification({
      title: n.title,
      body: n.body,
      urgency: n.kind === 'red' ? 'critical' : 'normal',
    });
    note.on('click', () => {
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      // The renderer routes by hash: the host's or probe's page, as a link from the board would.
      const page = n.subject === 'probe' ? 'probe' : 'host';
      void win.webContents.executeJavaScript(
        `location.hash = ${JSON.stringify(`#/${page}/${encodeURIComponent(n.hostId)}`)}`,
      );
    });
    note.show();
    return { kind: 'desktop', shown: true };
  });
}
