import type {
  AlertEntry,
  Delivery,
  HostNotification,
  NotifySettings,
  SignalState,
} from '../../../shared/alerts';
import { GreenboardError } from '../../../shared/errors';
import type { Clock, Logger } from '../clock';
import type { Store } from '../store/store';
import { DeliveryStore } from './deliveryStore';
import { describeScreen, type ScreenReceipt } from './screenReceivers';
import type { AlertState } from './slackMessage';
import { WebhookChannel, WebhookConfigError } from './webhook';

const WEBHOOK_CHANNEL = 'webhook';

const ALERT_STATE: Record<SignalState, AlertState> = {
  ok: 'green',
  warn: 'amber',
  critical: 'red',
  stale: 'grey',
};

/** What a notification is about: a host, or an HTTP probe. */
export interface NotifySubject {
  kind: 'host' | 'probe';
  id: string;
  name: string;
}

export interface NotifierDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  notify: () => NotifySettings;
  /** Puts a notification on screens; says what each receiver did with it. */
  onNotify: (n: HostNotification) => ScreenReceipt[];
}

/**
 * Sends a notification the gate let through, on the desktop (or open tabs) and the webhook,
 * and says in words what was actually sent: the log must never claim more than that.
 */
export class Notifier {
  private readonly deliveries: DeliveryStore;
  private webhook: WebhookChannel | null = null;

  constructor(private readonly deps: NotifierDeps) {
    this.deliveries = new DeliveryStore(deps.store.db, WEBHOOK_CHANNEL);
  }

  /**
   * Sends a red or a recovery. `delivered` is false when nobody could have received it (so
   * the red does not count as announced, and its recovery is not sent either).
   */
  send(
    subject: NotifySubject,
    entry: AlertEntry,
    fromSince: number | undefined,
  ): { notice: string; delivered: boolean } {
    const settings = this.deps.notify();
    const recovered = entry.to !== 'critical';
    const label = subject.kind === 'probe' ? `probe ${subject.name}` : subject.name;
    const sent: string[] = [];
    let screenWhy = 'desktop notifications are off';
    if (settings.desktop) {
      const screen = describeScreen(
        this.deps.onNotify({
          subject: subject.kind,
          hostId: subject.id,
          hostName: subject.name,
          kind: recovered ? 'recovered' : 'red',
          title: recovered ? `${label} recovered` : `${label} is red`,
          body: entry.reason,
          at: entry.at,
        }),
      );
      if (screen.sent) sent.push(screen.sent);
      screenWhy = screen.why;
    }
    if (this.webhook) {
      this.webhook.notify({
        hostName: label,
        from: ALERT_STATE[entry.from],
        to: ALERT_STATE[entry.to],
        reason: entry.reason,
        at: entry.at,
        ...(fromSince !== undefined ? { fromSince } : {}),
      });
      // First: the webhook's part is short, the screen's may carry a clause.
      sent.unshift('webhook');
    }
    if (sent.length === 0)
      return { notice: `not notified: ${screenWhy}, and no webhook is set`, delivered: false };
    // Say what did not go out too: "webhook" alone would hide that no screen showed it.
    const missed =
      settings.desktop && !sent.some((s) => s !== 'webhook') ? `; not on screen: ${screenWhy}` : '';
    return { notice: `notified (${sent.join('; ')})${missed}`, delivered: true };
  }

  deliveryLog(limit: number): Delivery[] {
    return this.deliveries.log(limit);
  }

  /** Queues a test message; refused with what to do when no webhook is set. */
  testWebhook(): Delivery {
    if (!this.webhook) {
      throw new GreenboardError(
        'bad_request',
        'No webhook URL is set. Add one in Settings → Notifications (a Slack-compatible incoming webhook), then send a test.',
      );
    }
    const id = this.webhook.enqueue({ text: '✅ Greenboard test message: this webhook works.' });
    const row = this.deliveries.log(50).find((d) => d.id === id);
    if (!row) throw new GreenboardError('internal', 'The test message was queued but cannot be found.');
    return row;
  }

  /** Starts, re-points or stops the webhook sender to match settings (pending messages first). */
  sync(): void {
    const url = this.deps.notify().webhookUrl;
    if (!url) {
      void this.webhook?.close();
      this.webhook = null;
      return;
    }
    try {
      if (this.webhook) this.webhook.setUrl(url);
      else {
        this.webhook = new WebhookChannel({
          db: this.deps.store.db,
          name: WEBHOOK_CHANNEL,
          url,
          clock: this.deps.clock,
          logger: this.deps.log,
        });
        this.webhook.start();
      }
    } catch (err) {
      if (!(err instanceof WebhookConfigError)) throw err;
      this.deps.log.warn(`Webhook not started: ${err.message}`);
      this.webhook = null;
    }
  }

  async stop(): Promise<void> {
    await this.webhook?.close();
    this.webhook = null;
  }
}
