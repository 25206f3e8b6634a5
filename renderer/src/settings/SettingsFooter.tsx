import type { AppInfo } from '../../../shared/schemas';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Where the engine writes settings, in the data folder's own path style. */
function configPath(dataDir: string): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}greenboard.json`;
}

interface Props {
  info: AppInfo | null;
  reviewing: boolean;
  busy: boolean;
  /** What stopped the last save, as a whole. */
  problem: string | null;
  /** Fills the open tab with the built-in defaults; absent where a tab has none. */
  onRestore: (() => void) | null;
  onClose: () => void;
}

/** Where the settings and the log are kept, what stopped a save, and the dialog's buttons. */
export function SettingsFooter({ info, reviewing, busy, problem, onRestore, onClose }: Props) {
  return (
    <>
      {info && (
        <p className="field__hint" data-testid="settings-file">
          Saved to <span className="mono settings__path">{configPath(info.dataDir)}</span>
        </p>
      )}
      {info?.logFile && (
        <p className="field__hint" data-testid="settings-log-file">
          Log: <span className="mono settings__path">{info.logFile}</span> (read it with{' '}
          <span className="mono">greenboard logs</span>)
        </p>
      )}

      {/* Kept in view on a long tab, so Save and what stopped it are never scrolled away. */}
      <div className="settings-footer">
        <ErrorNotice message={problem} testId="settings-error" />
        <div className="modal__actions">
          {!reviewing && onRestore && (
            <button
              type="button"
              className="button modal__actions-start"
              data-testid="settings-defaults"
              title="Fills this tab with the built-in defaults; nothing changes until you save"
              disabled={busy}
              onClick={onRestore}
            >
              Restore defaults
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {reviewing ? 'Close' : 'Cancel'}
          </button>
          {!reviewing && (
            <BusyButton
              type="submit"
              className="button button--primary"
              data-testid="settings-save"
              busy={busy}
              busyLabel="Saving…"
            >
              Save
            </BusyButton>
          )}
        </div>
      </div>
    </>
  );
}
