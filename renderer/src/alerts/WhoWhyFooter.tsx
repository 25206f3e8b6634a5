import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';

interface Props {
  /** Prefix of the test ids: `silence` gives silence-by, silence-why, silence-error, silence-save. */
  testId: string;
  by: string;
  onBy: (v: string) => void;
  why: string;
  onWhy: (v: string) => void;
  whyPlaceholder: string;
  error: string | null;
  busy: boolean;
  submitLabel: string;
  onCancel: () => void;
}

/**
 * The end of every form that mutes alerts (silence, maintenance window): who and why, which
 * the engine requires so the next person knows whether the mute can go, then the actions.
 */
export function WhoWhyFooter(p: Props) {
  return (
    <>
      <div className="form__grid">
        <TextField
          label="By"
          data-testid={`${p.testId}-by`}
          value={p.by}
          onChange={(e) => p.onBy(e.target.value)}
          placeholder="Your name"
          autoComplete="name"
        />
        <TextField
          label="Why"
          data-testid={`${p.testId}-why`}
          value={p.why}
          onChange={(e) => p.onWhy(e.target.value)}
          placeholder={p.whyPlaceholder}
          aria-required="true"
        />
      </div>
      <ErrorNotice message={p.error} testId={`${p.testId}-error`} />
      <div className="modal__actions">
        <button type="button" className="button" onClick={p.onCancel} disabled={p.busy}>
          Cancel
        </button>
        <BusyButton
          type="submit"
          className="button button--primary"
          busy={p.busy}
          data-testid={`${p.testId}-save`}
        >
          {p.submitLabel}
        </BusyButton>
      </div>
    </>
  );
}
