import type { LoadTarget } from '../../../shared/loadTests';
import { specSummary } from './loadFormat';
import { useLoadTestsStore } from './loadTestsStore';

interface Props {
  targets: readonly LoadTarget[];
  selectedId: string | null;
  /** The target with a run going, if any. */
  runningTargetId: string | null;
}

/** The saved targets; picking one shows its runs. */
export function LoadTargetList({ targets, selectedId, runningTargetId }: Props) {
  const select = useLoadTestsStore((s) => s.selectTarget);
  return (
    <nav className="load-targets" aria-label="Saved targets" data-testid="load-targets">
      <h2 className="load-targets__title">Saved targets</h2>
      {targets.length === 0 ? (
        <p className="muted load-targets__none">None yet.</p>
      ) : (
        <ul className="load-targets__list">
          {targets.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className={`load-target${t.id === selectedId ? ' load-target--current' : ''}`}
                aria-current={t.id === selectedId ? 'true' : undefined}
                onClick={() => select(t.id)}
                data-testid="load-target"
                data-target-id={t.id}
              >
                <span className="load-target__name">
                  {t.name}
                  {t.id === runningTargetId && (
                    <span className="load-target__running">
                      <span className="spinner" aria-hidden="true" /> running
                    </span>
                  )}
                </span>
                <span className="load-target__url mono">
                  {t.spec.method} {t.spec.targetUrl}
                </span>
                <span className="load-target__spec muted">{specSummary(t.spec)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
