import { useMemo, type KeyboardEvent } from 'react';
import type { Sample } from '../../../shared/schemas';
import type { TrendPoint } from '../../../shared/trends';
import { headline } from '../ui/healthStates';
import { SPARKLINE_SAMPLES, useHostsStore } from './hostsStore';
import { useTimeTravelStore } from '../timeTravel/timeTravelStore';
import { useTrendsStore } from './trendsStore';
import { mergeTrend } from './charts/storedTail';
import { hostHref } from '../app/useRoute';

const NO_POINTS: readonly TrendPoint[] = [];
const NO_SAMPLES: readonly Sample[] = [];

/**
 * One host as the board shows it, for its card and its list row alike: live, or as it was at the
 * moment the board is scrubbed to; its sparkline values (the stored tail first, so a trend shows
 * on the first paint); the worst reason in words; and how it opens (click, Enter or Space).
 */
export function useBoardHost(hostId: string) {
  const live = useHostsStore((s) => s.byId[hostId]);
  const past = useTimeTravelStore((s) => (s.at === null ? null : (s.byId[hostId] ?? null)));
  const entry = useMemo(() => (live && past ? { ...live, ...past } : live), [live, past]);
  const history = entry?.history;
  const stored = useTrendsStore((s) => s.byId[hostId]);
  // At a past moment, the polls up to that moment and nothing received since.
  const pastTrend = useTimeTravelStore((s) => (s.at === null ? null : (s.trends[hostId] ?? NO_POINTS)));
  const trend = useMemo(
    () =>
      pastTrend
        ? mergeTrend(pastTrend, NO_SAMPLES, SPARKLINE_SAMPLES)
        : mergeTrend(stored ?? NO_POINTS, history ?? NO_SAMPLES, SPARKLINE_SAMPLES),
    [stored, history, pastTrend],
  );
  const open = (): void => {
    location.hash = hostHref(hostId);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const reason = entry
    ? entry.link.state === 'ok'
      ? headline(entry.health.state, entry.health.reasons)
      : entry.link.message
    : '';
  return { entry, inPast: past !== null, trend, reason, open, onKeyDown };
}
