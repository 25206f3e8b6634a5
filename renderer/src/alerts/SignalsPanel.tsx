import { useState } from 'react';
import type { AlertEntry, SignalStatus } from '../../../shared/alerts';
import { formatAlertValue, formatFullTime, formatWhen, SIGNAL_STATE_HEALTH } from './alertFormat';
import { useHostSignals, useSignalChanges, type SignalChanges } from './useHostSignals';
import { useNow } from '../ui/useNow';
import { changesOf, sinceText } from './signalList';
import { ErrorNotice } from '../ui/ErrorNotice';
import { StateBadge } from '../ui/StateBadge';
import './signals.css';

function When({ ts, now }: { ts: number; now: number }) {
  return (
    <time dateTime={new Date(ts).toISOString()} title={formatFullTime(ts)}>
      {formatWhen(ts, now)}
    </time>
  );
}

function ChangeRow({ e, now }: { e: AlertEntry; now: number }) {
  return (
    <li className="signal-change" data-testid="signal-change" data-to={e.to}>
      <span className="signal-change__when muted">
        <When ts={e.at} now={now} />
      </span>
      <span className="signal-change__states">
        <StateBadge state={SIGNAL_STATE_HEALTH[e.from]} />
        <span aria-hidden="true">→</span>
        <span className="visually-hidden">to</span>
        <StateBadge state={SIGNAL_STATE_HEALTH[e.to]} />
      </span>
      <span className="num">{formatAlertValue(e.kind, e.value)}</span>
      <span className="signal-change__reason">{e.reason}</span>
    </li>
  );
}

function SignalHistory({
  id,
  signal,
  log,
  now,
}: {
  id: string;
  signal: string;
  log: SignalChanges;
  now: number;
}) {
  const mine = log.entries ? changesOf(log.entries, signal) : null;
  return (
    <div className="signal__history" id={id} data-testid="signal-history">
      <ErrorNotice message={log.error} prefix="Could not read this signal's history: " />
      {mine === null && !log.error && <p className="muted">Loading its history…</p>}
      {mine?.length === 0 && (
        <p className="muted">
          {log.more
            ? 'No change among the most recent ones logged for this host.'
            : 'No state change logged yet.'}
        </p>
      )}
      {mine && mine.length > 0 && (
        <ol className="signal__changes" aria-label="State changes, newest first">
          {mine.map((e) => (
            <ChangeRow key={e.id} e={e} now={now} />
          ))}
        </ol>
      )}
    </div>
  );
}

interface RowProps {
  s: SignalStatus;
  open: boolean;
  onToggle: () => void;
  log: SignalChanges;
  now: number;
}

function SignalRow({ s, open, onToggle, log, now }: RowProps) {
  const health = SIGNAL_STATE_HEALTH[s.state];
  const historyId = `signal-history-${s.signal.replace(/[^\w-]/g, '_')}`;
  return (
    <li
      className={`signal state-${health}`}
      data-testid="signal-row"
      data-signal={s.signal}
      data-state={s.state}
    >
      <button
        type="button"
        className="signal__summary"
        aria-expanded={open}
        aria-controls={open ? historyId : undefined}
        onClick={onToggle}
      >
        <span className="signal__chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <StateBadge state={health} />
        <span className="signal__label">{s.label}</span>
        <span className="signal__value num" data-testid="signal-value">
          {formatAlertValue(s.kind, s.value)}
        </span>
        <span className="signal__since muted" title={`Since ${formatFullTime(s.since)}`}>
          {sinceText(s.since, now)}
        </span>
      </button>
      {s.reason && <p className="signal__reason">{s.reason}</p>}
      {open && <SignalHistory id={historyId} signal={s.signal} log={log} now={now} />}
    </li>
  );
}

/**
 * Every signal the rules watch on this host, worst first, each with its state in an icon and
 * a word, its value, how long it has been so and why; a signal opens onto its state changes.
 */
export function SignalsPanel({ hostId, live }: { hostId: string; live: boolean }) {
  const { signals, error } = useHostSignals(hostId, live);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const log = useSignalChanges(hostId, open.size > 0);
  const now = useNow(10_000);
  const toggle = (signal: string): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(signal)) next.add(signal);
      return next;
    });

  return (
    <section
      className="panel panel--wide signals"
      aria-labelledby="signals-title"
      data-testid="signals-panel"
    >
      <h2 className="panel__title" id="signals-title">
        Signals
      </h2>
      <ErrorNotice message={error} prefix="Could not read the signals: " testId="signals-error" />
      {signals === null && !error && <p className="muted">Loading signals…</p>}
      {signals?.length === 0 && (
        <p className="muted">
          {live
            ? 'No signals yet: they appear after the first poll.'
            : 'This history holds no signal state changes, so there is no signal to show.'}
        </p>
      )}
      {signals && signals.length > 0 && (
        <ul className="signals__list">
          {signals.map((s) => (
            <SignalRow
              key={s.signal}
              s={s}
              open={open.has(s.signal)}
              onToggle={() => toggle(s.signal)}
              log={log}
              now={now}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
