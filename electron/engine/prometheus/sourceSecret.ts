import { GreenboardError } from '../../../shared/errors';
import type { EngineContext } from '../core/context';
import type { Handlers } from '../core/slices';
import type { CredentialStore } from '../ssh/credentials';
import type { PromFleet } from './promFleet';

/** What this part of the engine uses of it. */
export type DataSourceDeps = Pick<EngineContext, 'settings'> & {
  readonly credentials: Pick<CredentialStore, 'setSecret'>;
  readonly promFleet: Pick<PromFleet, 'secretChanged'>;
};

/**
 * `datasources:secret`: keeps a Prometheus source's bearer token or basic-auth password the way
 * SSH secrets are kept (the OS keychain on the desktop, memory for this run headless), never in
 * greenboard.json, and signs the source in again with it.
 */
export function storeSourceSecret(
  engine: DataSourceDeps,
  sourceId: string,
  secret: string,
): { sourceId: string; stored: true } {
  const source = engine.settings.prometheus.find((s) => s.id === sourceId);
  if (!source)
    throw new GreenboardError(
      'not_found',
      `No Prometheus source "${sourceId}". Save the source in Settings → Data sources first, then its secret.`,
    );
  if (source.auth.kind === 'none')
    throw new GreenboardError(
      'bad_request',
      `The source "${sourceId}" signs in with nothing; choose bearer or basic auth for it first.`,
    );
  engine.credentials.setSecret(`prometheus:${sourceId}`, secret);
  engine.promFleet.secretChanged(sourceId);
  return { sourceId, stored: true };
}

/** A data source's secret, kept apart from greenboard.json. */
export function dataSourceHandlers(engine: DataSourceDeps): Pick<Handlers, 'datasources:secret'> {
  return {
    'datasources:secret': ({ sourceId, secret }) => storeSourceSecret(engine, sourceId, secret),
  };
}
