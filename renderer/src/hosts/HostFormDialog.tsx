import { useHostsStore } from './hostsStore';
import { HostForm } from './HostForm';
import { ImportSshConfig } from './ImportSshConfig';
import { Modal } from '../ui/Modal';

/** Add a host (by hand or from ssh_config text), or edit one when `hostId` is given. */
export function HostFormDialog({ hostId, onClose }: { hostId?: string; onClose: () => void }) {
  const host = useHostsStore((s) => (hostId ? s.byId[hostId]?.host : undefined));
  if (hostId && !host) {
    return (
      <Modal title="Edit host" testId="host-form-dialog" onClose={onClose}>
        <p className="muted">There is no host &quot;{hostId}&quot; on the board any more.</p>
      </Modal>
    );
  }
  return (
    <Modal
      title={host ? `Edit ${host.name}` : 'Add an SSH host'}
      testId="host-form-dialog"
      onClose={onClose}
      wide
    >
      <HostForm host={host} onDone={onClose} />
      {!host && (
        <details className="import">
          <summary>Import hosts from ~/.ssh/config</summary>
          <ImportSshConfig />
        </details>
      )}
    </Modal>
  );
}
