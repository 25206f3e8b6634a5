import { useUiStore } from './uiStore';
import { CredentialsDialog } from '../hosts/CredentialsDialog';
import { DeclareIncidentDialog } from '../incidents/DeclareIncidentDialog';
import { ExportDialog } from '../history/ExportDialog';
import { HostFormDialog } from '../hosts/HostFormDialog';
import { ProbeFormDialog } from '../probes/ProbeFormDialog';
import { SettingsDialog } from '../settings/SettingsDialog';
import { TrustDialog } from '../hosts/TrustDialog';

/** Renders whichever dialog the ui store says is open, keyed so each opening starts fresh. */
export function Dialogs() {
  const dialog = useUiStore((s) => s.dialog);
  const close = useUiStore((s) => s.closeDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add-host':
      return <HostFormDialog key="add" onClose={close} />;
    case 'edit-host':
      return <HostFormDialog key={`edit-${dialog.hostId}`} hostId={dialog.hostId} onClose={close} />;
    case 'trust':
      return <TrustDialog key={dialog.hostId} hostId={dialog.hostId} onClose={close} />;
    case 'credentials':
      return <CredentialsDialog key={dialog.hostId} hostId={dialog.hostId} onClose={close} />;
    case 'export':
      return <ExportDialog key="export" onClose={close} />;
    case 'settings':
      return <SettingsDialog key="settings" onClose={close} />;
    case 'add-probe':
      return <ProbeFormDialog key="add-probe" onClose={close} />;
    case 'edit-probe':
      return (
        <ProbeFormDialog key={`edit-probe-${dialog.probeId}`} probeId={dialog.probeId} onClose={close} />
      );
    case 'declare-incident':
      return <DeclareIncidentDialog key="declare-incident" draft={dialog} onClose={close} />;
  }
}
