import { Notification, type BrowserWindow } from 'electron';
import type { Greenboard } from '../engine';

/**
 * Shows the engine's host notifications (a host turned red or recovered, already silenced and
 * rate limited by the engine) as OS notifications; clicking one opens that host's page.
 * https://www.electronjs.org/docs/latest/api/notification
 */
export function showHostNotifications(engine: Greenboard, win: BrowserWindow): () => void {
  return engine.on('notify:host', (n) => {
    if (!Notification.isSupported()) return;
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
      // The renderer routes by hash: the host page, as a link from the board would.
      void win.webContents.executeJavaScript(
        `location.hash = ${JSON.stringify(`#/host/${encodeURIComponent(n.hostId)}`)}`,
      );
    });
    note.show();
  });
}
