import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Plan } from '../../../shared/incidents';
import type { Settings } from '../../../shared/schemas';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { useAppInfo } from '../app/useAppInfo';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';
import { SettingsForm } from './SettingsForm';

/**
 * The engine's settings (poll interval, history kept, alert rules, notifications), saved by the
 * engine to greenboard.json in the data folder. Only the sections that changed are sent, so
 * saving the poll interval never re-checks or resets the rules. Read-only while a saved history
 * is under review: the engine refuses settings:set there, and the values shown are its defaults.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const info = useAppInfo();
  const reviewing = info?.history != null;
  const settingsRead = useQuery(apiQuery('settings:get', {}));
  const planRead = useQuery(apiQuery('incidents:plan', {}));
  // What the form started from, kept as read (so only what changed is sent) while the reads
  // may refresh underneath.
  const [base, setBase] = useState<{ loaded: Settings; loadedPlan: Plan } | null>(null);
  const readError = settingsRead.error ?? planRead.error;
  const loadError = readError ? errorMessage(readError) : null;

  // The form starts from a fresh read, not from what the cache held when it opened: a value
  // saved from another window (or the CLI) since then must not be written back over.
  if (!base && settingsRead.isFetchedAfterMount && planRead.isFetchedAfterMount) {
    if (settingsRead.data && planRead.data) setBase({ loaded: settingsRead.data, loadedPlan: planRead.data });
  }

  return (
    <Modal title="Settings" testId="settings-dialog" onClose={onClose} wide>
      {reviewing && (
        <p className="notice settings__note" data-testid="settings-read-only">
          This is a saved history, open for review: nothing in it can be changed. Settings apply to the live
          board.
        </p>
      )}
      <ErrorNotice message={loadError} prefix="Could not load settings: " testId="settings-load-error" />
      {!base && !loadError && <p className="muted">Loading settings…</p>}
      {base && (
        <SettingsForm
          loaded={base.loaded}
          loadedPlan={base.loadedPlan}
          info={info}
          reviewing={reviewing}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}
