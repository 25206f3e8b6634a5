import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { useAppInfo } from '../hooks/useAppInfo';
import { useNow } from '../hooks/useNow';
import { useTimeTravelStore } from '../stores/timeTravel';
import { ErrorNotice } from './ErrorNotice';
import { formatTime } from '../../../shared/format';

const STEPS = 1000;

/**
 * Drag to a past moment and the board shows each host as it was then (its last stored poll,
 * judged as of that moment). "Now" returns to the live board.
 */
export function TimeScrubber() {
  const info = useAppInfo();
  const at = useTimeTravelStore((s) => s.at);
  const show = useTimeTravelStore((s) => s.show);
  const backToNow = useTimeTravelStore((s) => s.backToNow);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const now = useNow(10_000);
  useEffect(() => backToNow, [backToNow]);

  const range = info?.dataRange;
  if (!range || range.toTs <= range.fromTs) return null;
  const end = info.history ? range.toTs : Math.max(range.toTs, now);
  const span = end - range.fromTs;
  const position = at === null ? STEPS : Math.round(((at - range.fromTs) / span) * STEPS);

  const travel = async (step: number): Promise<void> => {
    if (step >= STEPS) {
      backToNow();
      return;
    }
    const ts = Math.round(range.fromTs + (span * step) / STEPS);
    const mine = ++seq.current;
    try {
      const entries = await api.call('board:at', { ts });
      if (mine !== seq.current) return; // a later drag position answered first
      show(ts, Object.fromEntries(entries.map((e) => [e.host.id, { health: e.health, latest: e.latest }])));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="scrubber" data-testid="time-scrubber">
      <label className="scrubber__label" htmlFor="scrubber">
        {at === null ? (info.history ? 'As recorded last' : 'Now') : formatTime(at)}
      </label>
      <input
        id="scrubber"
        type="range"
        min={0}
        max={STEPS}
        value={position}
        aria-label="Show the board at a past moment"
        data-testid="time-scrubber-input"
        onChange={(e) => void travel(Number(e.target.value))}
      />
      {at !== null && (
        <button
          type="button"
          className="button button--small"
          onClick={backToNow}
          data-testid="time-scrubber-now"
        >
          {info.history ? 'Last recorded' : 'Now'}
        </button>
      )}
      <ErrorNotice message={error} />
    </div>
  );
}
