import { useProbesStore } from './probesStore';
import { Modal } from '../ui/Modal';
import { ProbeForm } from './ProbeForm';

/** Add an HTTP probe, or edit one when `probeId` is given. */
export function ProbeFormDialog({ probeId, onClose }: { probeId?: string; onClose: () => void }) {
  const def = useProbesStore((s) => (probeId ? s.byId[probeId]?.def : undefined));
  if (probeId && !def) {
    return (
      <Modal title="Edit probe" testId="probe-form-dialog" onClose={onClose}>
        <p className="muted">There is no probe &quot;{probeId}&quot; any more.</p>
      </Modal>
    );
  }
  return (
    <Modal
      title={def ? `Edit ${def.name}` : 'Add an HTTP probe'}
      testId="probe-form-dialog"
      onClose={onClose}
      wide
    >
      <ProbeForm def={def} onDone={onClose} />
    </Modal>
  );
}
