import type { TimelineEntry, UpdateDelivery } from '../../../shared/incidents';
import { diagnosticOutput, formatWhen, KIND_META, updateNotSent } from './incidentFormat';

interface Props {
  timeline: TimelineEntry[];
  deliveries: UpdateDelivery[];
}

/** Everything that happened, oldest first, with who; a diagnostic's output folds open. */
export function IncidentTimeline({ timeline, deliveries }: Props) {
  return (
    <section className="panel" data-testid="incident-timeline">
      <h2 className="panel__title">Timeline</h2>
      <ol className="timeline">
        {timeline.map((e) => {
          const meta = KIND_META[e.kind];
          const output = e.kind === 'diagnostic' ? diagnosticOutput(e.data) : null;
          return (
            <li
              key={e.id}
              className={`timeline__entry timeline__entry--${e.kind}`}
              data-testid="timeline-entry"
              data-kind={e.kind}
            >
              <time className="timeline__time mono muted" dateTime={new Date(e.ts).toISOString()}>
                {formatWhen(e.ts)}
              </time>
              <span className="timeline__icon" title={meta.label} aria-label={meta.label}>
                {meta.icon}
              </span>
              <div className="timeline__body">
                <p>
                  <span className="timeline__who">{e.who}</span> {e.text}
                </p>
                {e.kind === 'update' && <Delivery entry={e} deliveries={deliveries} />}
                {output !== null && (
                  <details className="timeline__output" data-testid="timeline-output">
                    <summary>Output</summary>
                    <pre className="mono">{output}</pre>
                  </details>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Delivery({ entry, deliveries }: { entry: TimelineEntry; deliveries: UpdateDelivery[] }) {
  const notSent = updateNotSent(entry.data);
  if (notSent) return <p className="muted timeline__delivery">Not sent: {notSent}</p>;
  const d = deliveries.find((x) => x.entryId === entry.id);
  if (!d) return null;
  const words =
    d.state === 'sent'
      ? 'Sent to the webhook'
      : d.state === 'pending'
        ? 'Sending to the webhook…'
        : `Webhook delivery failed: ${d.lastError ?? 'unknown error'}`;
  return (
    <p
      className={`timeline__delivery timeline__delivery--${d.state}`}
      data-testid="update-delivery"
      data-state={d.state}
    >
      {words}
    </p>
  );
}
