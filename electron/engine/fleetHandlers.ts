import type { Handlers } from './core/slices';
import { addHost, importSshConfig, removeHost, setCredentials, trustHost, type FleetDeps } from './fleet';

/** Adding, editing, removing and trusting SSH hosts. */
export function fleetHandlers(
  engine: FleetDeps,
): Pick<
  Handlers,
  'hosts:add' | 'hosts:update' | 'hosts:remove' | 'hosts:trust' | 'hosts:credentials' | 'hosts:import'
> {
  return {
    'hosts:add': (input) => addHost(engine, input, 'add'),
    'hosts:update': (input) => addHost(engine, input, 'update'),
    'hosts:remove': ({ hostId }) => removeHost(engine, hostId),
    'hosts:trust': ({ hostId, fingerprint }) => trustHost(engine, hostId, fingerprint),
    'hosts:credentials': ({ hostId, ...secrets }) => setCredentials(engine, hostId, secrets),
    'hosts:import': ({ text, names }) => importSshConfig(engine, text, names),
  };
}
