import { MaintenanceWindowSchema } from '../../shared/alerts';
import { describeZodError, zodIssues, type ParsedInput } from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import type { Alerting } from './alerting';
import { hostSignals, listAlerts, type AlertsDeps } from './alertsApi';
import type { Handlers } from './core/slices';

type Deps = AlertsDeps & {
  readonly alerting: Pick<
    Alerting,
    | 'log'
    | 'signals'
    | 'currentMutes'
    | 'addSilence'
    | 'endMute'
    | 'addWindow'
    | 'deliveryLog'
    | 'testWebhook'
  >;
};

type AlertMethods =
  | 'alerts:list'
  | 'alerts:signals'
  | 'silences:list'
  | 'silences:add'
  | 'silences:remove'
  | 'maintenance:add'
  | 'maintenance:remove'
  | 'webhook:deliveries'
  | 'webhook:test';

/** The alert log, each host's signals, silences, maintenance windows and the webhook. */
export function alertsHandlers(engine: Deps): Pick<Handlers, AlertMethods> {
  return {
    'alerts:list': (input) => listAlerts(engine, input),
    'alerts:signals': ({ hostId }) => hostSignals(engine, hostId),
    'silences:list': () => engine.alerting.currentMutes(),
    'silences:add': (input) => engine.alerting.addSilence(input),
    'silences:remove': ({ id }) => {
      engine.alerting.endMute(id);
      return { removed: id };
    },
    'maintenance:add': (input) => engine.alerting.addWindow(checkWindow(input)),
    'maintenance:remove': ({ id }) => {
      engine.alerting.endMute(id);
      return { removed: id };
    },
    'webhook:deliveries': ({ limit }) => engine.alerting.deliveryLog(limit),
    'webhook:test': () => engine.alerting.testWebhook(),
  };
}

/** The window's own rules (to after from, a daily window under 24 h), as a bad request. */
function checkWindow(input: ParsedInput<'maintenance:add'>): ParsedInput<'maintenance:add'> {
  const parsed = MaintenanceWindowSchema.safeParse({ ...input, id: 'new' });
  if (!parsed.success)
    throw new GreenboardError('bad_request', describeZodError(parsed.error), zodIssues(parsed.error));
  return input;
}
