import type { HostNotification } from '../../../shared/alerts';

/**
 * What one receiver did with a notification: Electron's main process hands it to the OS
 * (`desktop`, false where the OS has no notifications), the headless server sends it to each
 * open tab (`tabs`, how many), where the page shows it only if the browser allows notifications.
 */
export type ScreenReceipt = { kind: 'desktop'; shown: boolean } | { kind: 'tabs'; count: number };

/** Shows (or forwards) a notification and says what it did, right away. */
export type ScreenReceiver = (n: HostNotification) => ScreenReceipt;

/**
 * Who puts notifications on a screen. The engine does not know whether it runs in the desktop
 * app or behind the headless server, and an event it emits cannot say whether anyone showed it:
 * the alert log would claim "notified (desktop)" with no window open. So each transport
 * registers here and reports what it did, and the log records that.
 */
export class ScreenReceivers {
  private readonly receivers = new Set<ScreenReceiver>();

  /** Adds a receiver; returns its removal. */
  add(r: ScreenReceiver): () => void {
    this.receivers.add(r);
    return () => this.receivers.delete(r);
  }

  deliver(n: HostNotification): ScreenReceipt[] {
    return [...this.receivers].map((r) => r(n));
  }
}

/**
 * What the receipts amount to, in words for the log: "desktop", "sent to 2 open tabs, shown
 * where notifications are allowed", or null with the reason when nobody could show it.
 */
export function describeScreen(receipts: readonly ScreenReceipt[]): { sent: string | null; why: string } {
  const shown = receipts.some((r) => r.kind === 'desktop' && r.shown);
  const tabs = receipts.reduce((n, r) => n + (r.kind === 'tabs' ? r.count : 0), 0);
  const parts: string[] = [];
  if (shown) parts.push('desktop');
  if (tabs > 0)
    parts.push(`sent to ${tabs} open ${tabs === 1 ? 'tab' : 'tabs'}, shown where notifications are allowed`);
  if (parts.length > 0) return { sent: parts.join('; '), why: '' };
  if (receipts.some((r) => r.kind === 'desktop'))
    return { sent: null, why: 'this system shows no desktop notifications' };
  return { sent: null, why: 'no Greenboard window or tab was open to show it' };
}
