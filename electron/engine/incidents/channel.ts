import type { EngineContext } from '../core/context';
import type { TimelineEntry, UpdateDelivery } from '../../../shared/incidents';
import { DeliveryStore } from '../notify/deliveryStore';
import { WebhookChannel, WebhookConfigError } from '../notify/webhook';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'log' | 'settings' | 'store'>;

/**
 * Incident status updates' own webhook channel. It posts to the same URL as the alerts
 * (Settings → Notifications) but queues under its own channel name, so the alert channel's
 * rate limits and queue order stay as they are and one channel per name per database holds
 * (see WebhookChannel). Its rows are in `webhook_deliveries` like the alerts'.
 */
export const INCIDENT_CHANNEL = 'incidents';

export class IncidentChannel {
  private channel: WebhookChannel | null = null;
  private url: string | null = null;
  private started = false;
  private log: DeliveryStore | null = null;

  constructor(private readonly engine: Deps) {}

  /** Starts sending, beginning with updates still pending from the last run. */
  start(): void {
    this.started = true;
    this.sync();
  }

  async stop(): Promise<void> {
    this.started = false;
    const c = this.channel;
    this.channel = null;
    this.url = null;
    await c?.close();
  }

  /**
   * Queues a message; returns its delivery id, or null when no webhook is set. Before `start`
   * (a one-shot CLI) it is only queued, and sent by the next running Deps.
   */
  send(text: string): number | null {
    this.sync();
    return this.channel?.enqueue({ text }) ?? null;
  }

  /** How each status update in a timeline fared on the webhook (those that were sent there). */
  updateDeliveries(timeline: readonly TimelineEntry[]): UpdateDelivery[] {
    const ids = new Map<number, number>();
    for (const e of timeline)
      if (e.kind === 'update' && typeof e.data?.deliveryId === 'number') ids.set(e.data.deliveryId, e.id);
    if (ids.size === 0) return [];
    this.log ??= new DeliveryStore(this.engine.store.db, INCIDENT_CHANNEL);
    // The log is newest first and updates are few: the last thousand cover any open incident.
    return this.log
      .log(1000)
      .filter((d) => ids.has(d.id))
      .map((d) => ({
        entryId: ids.get(d.id) ?? 0,
        deliveryId: d.id,
        state: d.state,
        attempts: d.attempts,
        lastError: d.lastError,
      }));
  }

  /** Follows the webhook URL in Settings, which may change at any time. */
  private sync(): void {
    const url = this.engine.settings.notify.webhookUrl;
    if (url === this.url) return;
    this.url = url;
    if (!url) {
      void this.channel?.close();
      this.channel = null;
      return;
    }
    try {
      if (this.channel) this.channel.setUrl(url);
      else {
        this.channel = new WebhookChannel({
          db: this.engine.store.db,
          name: INCIDENT_CHANNEL,
          url,
          clock: this.engine.clock,
          logger: this.engine.log,
        });
        if (this.started) this.channel.start();
      }
    } catch (err) {
      if (!(err instanceof WebhookConfigError)) throw err;
      this.engine.log.warn(`Incident updates cannot use the webhook: ${err.message}`);
      this.channel = null;
    }
  }
}
