import type { MouseEvent } from 'react';
import { declareTitle } from './incidentFormat';
import { useHostsStore } from '../hosts/hostsStore';
import { useUiStore } from '../app/uiStore';

interface Props {
  hostId: string;
  /** Small, for a card; the host page shows the full-size button. */
  compact?: boolean;
}

/** Opens the Declare dialog prefilled from a host: its name, its worst reason, the host itself. */
export function DeclareIncidentButton({ hostId, compact = false }: Props) {
  const openDialog = useUiStore((s) => s.openDialog);
  const onClick = (e: MouseEvent): void => {
    // The card around it is a link to the host page: this click is the button's alone.
    e.stopPropagation();
    const entry = useHostsStore.getState().byId[hostId];
    if (!entry) return;
    openDialog({
      kind: 'declare-incident',
      hostIds: [hostId],
      title: declareTitle(entry.host.name, entry.health.reasons),
    });
  };
  return (
    <button
      type="button"
      className={`button button--danger-outline${compact ? ' button--small' : ''}`}
      data-testid="declare-incident"
      onClick={onClick}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <span aria-hidden="true">⚠</span> Declare incident
    </button>
  );
}
