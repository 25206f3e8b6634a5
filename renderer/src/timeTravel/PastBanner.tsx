import { useEffect } from 'react';
import { formatTime } from '../../../shared/format';
import { useAppInfo } from '../app/useAppInfo';
import { useTimeTravelStore } from './timeTravelStore';

/**
 * Says, above the board, that it shows a past moment and not now: the moment, the incidents
 * open then, and the way back (the button, or Esc anywhere on the board).
 */
export function PastBanner() {
  const at = useTimeTravelStore((s) => s.at);
  const incidents = useTimeTravelStore((s) => s.incidents);
  const backToNow = useTimeTravelStore((s) => s.backToNow);
  const history = useAppInfo()?.history != null;
  useEffect(() => {
    if (at === null) return;
    const onKey = (e: KeyboardEvent): void => {
      // A dialog or a field that uses Esc itself (search, a menu) has it first.
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      backToNow();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at, backToNow]);
  if (at === null) return null;

  const back = history ? 'Back to last recorded' : 'Back to live';
  return (
    <div className="past-banner" role="status" data-testid="past-banner">
      <span className="past-banner__icon" aria-hidden="true">
        ◷
      </span>
      <span className="past-banner__text">
        <strong data-testid="past-banner-moment">Viewing {formatTime(at)}</strong>
        <span className="past-banner__hint">
          {' '}
          · the board as it was then{' · '}
          {incidents.length === 0
            ? 'no incident open'
            : `open then: ${incidents.map((i) => `${i.id} ${i.title}`).join(', ')}`}
        </span>
      </span>
      <button
        type="button"
        className="button button--small past-banner__back"
        onClick={backToNow}
        data-testid="past-back"
      >
        {back} <kbd>Esc</kbd>
      </button>
    </div>
  );
}
