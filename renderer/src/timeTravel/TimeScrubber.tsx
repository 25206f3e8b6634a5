import { useEffect, useRef, type KeyboardEvent } from 'react';
import { api } from '../api';
import { useAppInfo } from '../app/useAppInfo';
import { useNow } from '../ui/useNow';
import { usePendingChoices } from '../ui/usePendingChoices';
import { SPARKLINE_SAMPLES } from '../hosts/hostsStore';
import { useTimeTravelStore } from './timeTravelStore';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatTime } from '../../../shared/format';

const MINUTE = 60_000;

/**
 * Drag to a past moment and the board shows everything as it was then (see PastBanner). The
 * slider runs from the first stored sample to now; arrow keys step from poll to poll (the
 * engine finds the nearest one), Shift+arrow by a minute, End returns to live.
 */
export function TimeScrubber() {
  const info = useAppInfo();
  const at = useTimeTravelStore((s) => s.at);
  const show = useTimeTravelStore((s) => s.show);
  const backToNow = useTimeTravelStore((s) => s.backToNow);
  // The thumb follows the drag at once; the board follows when the engine answers for that moment.
  const positions = usePendingChoices<number>();
  const seq = useRef(0);
  const now = useNow(10_000);
  useEffect(() => backToNow, [backToNow]);

  const range = info?.dataRange;
  if (!range || range.toTs <= range.fromTs) return null;
  const start = range.fromTs;
  const end = info.history ? range.toTs : Math.max(range.toTs, now);
  const live = info.history ? 'Last recorded' : 'Now';

  /** Shows the board at `ts` (or the poll before/after it); at or past the end, the live board. */
  const travel = (ts: number, step?: 'prev' | 'next'): Promise<void> =>
    positions.choose('position', Math.min(end, Math.max(start, ts)), async () => {
      const mine = ++seq.current;
      if (!step && ts >= end) {
        backToNow();
        return { ok: true };
      }
      const board = await api.call('board:at', {
        ts: Math.max(start, Math.round(ts)),
        ...(step ? { step } : {}),
      });
      if (mine !== seq.current) return { ok: true }; // a later position answered first: that one shows
      // Past the last poll there is nothing newer than live.
      if (step === 'next' && board.ts <= ts && !info.history) {
        backToNow();
        return { ok: true };
      }
      const trends = await api.call('board:trends', { samples: SPARKLINE_SAMPLES, to: board.ts });
      if (mine === seq.current) show(board, trends);
      return { ok: true };
    });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const from = at ?? end;
    const back = e.key === 'ArrowLeft' || e.key === 'ArrowDown';
    const ahead = e.key === 'ArrowRight' || e.key === 'ArrowUp';
    if (back || ahead) {
      e.preventDefault();
      if (ahead && at === null) return;
      if (e.shiftKey) void travel(from + (back ? -MINUTE : MINUTE));
      else void travel(from, back ? 'prev' : 'next');
    } else if (e.key === 'Home') {
      e.preventDefault();
      void travel(start);
    } else if (e.key === 'End') {
      e.preventDefault();
      void travel(end);
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
        min={start}
        max={end}
        step={1000}
        value={positions.shown('position', at ?? end)}
        aria-label="Show the board at a past moment"
        aria-valuetext={at === null ? live : `Viewing ${formatTime(at)}`}
        data-testid="time-scrubber-input"
        onChange={(e) => void travel(Number(e.target.value))}
        onKeyDown={onKeyDown}
      />
      {at !== null && (
        <button
          type="button"
          className="button button--small"
          onClick={backToNow}
          data-testid="time-scrubber-now"
        >
          {live}
        </button>
      )}
      <ErrorNotice message={positions.refused('position')} />
    </div>
  );
}
