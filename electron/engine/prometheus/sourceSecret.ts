import { GreenboardError } from '../../../shared/errors';
import type { Greenboard } from '../engine';

/**
 * `datasources:secret`: keeps a Prometheus source's bearer token or basic-auth password the way
 * SSH secrets are kept (the OS keychain on the desktop, memory for this run headless), never in
 * greenboard.json, and signs the source in again with it.
 */
export function storeSourceSecret(
  engine: Greenboard,
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
