import { METHOD_NAMES } from '../../shared/channels';
import { methods, type ApiHandlers } from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import { alertsHandlers } from './alertsHandlers';
import { auditHandlers } from './auditApi';
import { coreHandlers } from './core/handlers';
import type { Handlers } from './core/slices';
import { diagHandlers } from './diagnostics/diagnostics';
import { forecastHandlers } from './forecast/handlers';
import { fleetHandlers } from './fleetHandlers';
import { groupHandlers } from './groups/handlers';
import { historyHandlers } from './historyHandlers';
import { incidentHandlers } from './incidents/handlers';
import { loadTestHandlers } from './loadtests/handlers';
import type { EngineParts } from './parts';
import { probeHandlers } from './probes/handlers';
import { dataSourceHandlers } from './prometheus/sourceSecret';
import { serviceHandlers } from './services/serviceHandlers';
import { backtestHandlers } from './rules/backtestHandlers';

/** Refused while reviewing a saved history: what the contract marks live-only. */
const READ_ONLY_REFUSED = METHOD_NAMES.filter((m) => 'liveOnly' in methods[m]);

/**
 * The engine's implementation of the API contract: the union of each domain's slice, plus the
 * read-only guard of a reviewed history. Both transports dispatch into this.
 */
export function buildApi(engine: EngineParts): ApiHandlers {
  const handlers: Handlers = {
    ...coreHandlers(engine),
    ...historyHandlers(engine),
    ...fleetHandlers(engine),
    ...diagHandlers(engine),
    ...dataSourceHandlers(engine),
    ...alertsHandlers(engine),
    ...auditHandlers(engine),
    ...probeHandlers(engine),
    ...loadTestHandlers(engine),
    ...incidentHandlers(engine),
    ...serviceHandlers(engine.services),
    ...groupHandlers(engine),
    ...backtestHandlers(engine),
    ...forecastHandlers(engine.forecasts, engine.hosts),
  };
  if (engine.review) {
    // A saved history is read-only: anything that would change it or reach a server is refused.
    for (const m of READ_ONLY_REFUSED) {
      handlers[m] = () => {
        throw new GreenboardError(
          'forbidden',
          `This is a saved history (${engine.review?.file}), open read-only: ${m} is not available.`,
        );
      };
    }
  }
  return promised(handlers);
}

/**
 * Handlers as the transports call them: every one answers with a promise, and a synchronous
 * throw becomes a rejection. Exported so a test of one domain calls its slice the same way.
 */
export function promised<H extends Partial<Handlers>>(
  handlers: H,
): Pick<ApiHandlers, Extract<keyof H, keyof ApiHandlers>> {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, fn]) => [
      name,
      (input: unknown) => {
        try {
          return Promise.resolve((fn as (i: unknown) => unknown)(input));
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
    ]),
  ) as Pick<ApiHandlers, Extract<keyof H, keyof ApiHandlers>>;
}
