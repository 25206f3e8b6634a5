import { api } from '../api';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton';

export function RemoveProbeButton({ probeId, name }: { probeId: string; name: string }) {
  return (
    <ConfirmRemoveButton
      name={name}
      alsoLost="its runs"
      testId="probe-remove"
      remove={() => api.call('probes:remove', { probeId })}
    />
  );
}
