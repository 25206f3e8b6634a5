import { useState } from 'react';
import type { Delivery } from '../../../shared/alerts';
import type { HealthState } from '../../../shared/schemas';
import { formatFullTime, formatSpan, formatWhen } from './alertFormat';
import { api, errorMessage } from '../api';
import { useDeliveries } from './useDeliveries';
import { useNow } from '../ui/useNow';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';

/** A delivery's state in the board's colours, with an icon and a word as everywhere else. */
function deliveryState(d: Delivery): { state: HealthState; icon: string; label: string } {
  if (d.state === 'sent') return { state: 'green', icon: '✓', label: 'Sent' };
  if (d.state === 'failed') return { state: 'red', icon: '✖', label: 'Failed' };
  return { state: 'waiting', icon: '…', label: d.attempts > 0 ? 'Retrying' : 'Pending' };
}

/** What the endpoint last answered: "HTTP 500 · connection refused", or a dash before any try. */
function lastAnswer(d: Delivery): string {
  const parts = [d.lastStatus !== null ? `HTTP ${d.lastStatus}` : null, d.lastError].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

/** Every webhook message and how its delivery went, newest first; refreshed while shown. */
export function DeliveriesPanel({ readOnly }: { readOnly: boolean }) {
  const deliveries = useDeliveries(true);
  const now = useNow(1000);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null);

  const sendTest = async (): Promise<void> => {
    setTesting(true);
    setTestResult(null);
    try {
      await api.call('webhook:test', {});
      setTestResult({ ok: true, message: 'Test message queued: its delivery shows below.' });
      deliveries.reload();
    } catch (err) {
      setTestResult({ ok: false, message: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  const rows = deliveries.data ?? [];
  return (
    <section className="panel" aria-labelledby="deliveries-title" data-testid="deliveries-panel">
      <div className="panel__header">
        <h2 className="panel__title" id="deliveries-title">
          Webhook deliveries
        </h2>
        {!readOnly && (
          <BusyButton
            busy={testing}
            busyLabel="Sending…"
            data-testid="webhook-test"
            onClick={() => void sendTest()}
          >
            Send test message
          </BusyButton>
        )}
      </div>
      <p className="muted alerts-panel__intro">
        Hosts turning red or recovering are posted to the webhook set in Settings as Slack-compatible JSON; a
        failed post is tried again.
      </p>
      {testResult?.ok && (
        <div className="notice" role="status" data-testid="webhook-test-result">
          {testResult.message}
        </div>
      )}
      <ErrorNotice
        message={testResult && !testResult.ok ? testResult.message : null}
        testId="webhook-test-error"
      />
      <ErrorNotice message={deliveries.error} prefix="Could not load the delivery log: " />
      {deliveries.data && rows.length === 0 && (
        <p className="muted" data-testid="deliveries-empty">
          No webhook messages yet.
        </p>
      )}
      {rows.length > 0 && (
        <div className="alerts-table-wrap">
          <table className="table alerts-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Message</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const s = deliveryState(d);
                return (
                  <tr key={d.id} data-testid="delivery-row" data-state={d.state}>
                    <td className="alerts-table__when">
                      <time
                        dateTime={new Date(d.createdAt).toISOString()}
                        title={formatFullTime(d.createdAt)}
                      >
                        {formatWhen(d.createdAt, now)}
                      </time>
                    </td>
                    <td className="alerts-table__message" title={d.text}>
                      {d.text}
                    </td>
                    <td>
                      <span className={`badge state-${s.state}`}>
                        <span className="badge__icon" aria-hidden="true">
                          {s.icon}
                        </span>
                        {s.label}
                      </span>
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="alerts-table__reason">{lastAnswer(d)}</td>
                    <td>
                      {d.nextAttemptAt === null
                        ? '—'
                        : d.nextAttemptAt <= now
                          ? 'now'
                          : `in ${formatSpan(d.nextAttemptAt - now)}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
