import { api } from '../api';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton';

export function RemoveHostButton({ hostId, name }: { hostId: string; name: string }) {
  return (
    <ConfirmRemoveButton
      name={name}
      alsoLost="its history"
      testId="remove-host"
      remove={() => api.call('hosts:remove', { hostId })}
    />
  );
}
