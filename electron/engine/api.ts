import { hostname, platform } from 'node:os';
import { METHOD_NAMES } from '../../shared/channels';
import { MaintenanceWindowSchema } from '../../shared/alerts';
import {
  describeZodError,
  zodIssues,
  methods,
  type ApiHandlers,
  type ParsedInput,
} from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import type { AppInfo } from '../../shared/schemas';
import { commandHistory, deleteCommand, listChecks, runCheck, saveCommand } from './diagnostics/diagnostics';
import type { Greenboard } from './engine';
import { hostSignals, listAlerts } from './alertsApi';
import { auditHistory, latestAudit, runHostAudit } from './auditApi';
import { exportFromApi } from './historyExport';
import { boardAt } from './timeTravel';
import { boardTrends } from './boardTrends';
import { storeSourceSecret } from './prometheus/sourceSecret';
import { addHost, importSshConfig, removeHost, setCredentials, trustHost } from './fleet';

/** Refused while reviewing a saved history: what the contract marks live-only. */
const READ_ONLY_REFUSED = METHOD_NAMES.filter((m) => 'liveOnly' in methods[m]);

type SyncOrAsync<T> = {
  [K in keyof T]: T[K] extends (i: infer I) => Promise<infer O> ? (i: I) => O | Promise<O> : never;
};

/** The engine's implementation of the API contract; both transports dispatch into this. */
export function buildApi(engine: Greenboard): ApiHandlers {
  const handlers: SyncOrAsync<ApiHandlers> = {
    'app:info': () => appInfo(engine),
    'board:get': () => engine.board(),
    'board:at': ({ ts, step }) => {
      engine.writer?.flush();
      return boardAt(engine, ts, step);
    },
    'board:trends': (input) => boardTrends(engine, input),
    'hosts:list': () => engine.hostStates().map((s) => s.host),
    'hosts:add': (input) => addHost(engine, input, 'add'),
    'hosts:update': (input) => addHost(engine, input, 'update'),
    'hosts:remove': ({ hostId }) => removeHost(engine, hostId),
    'hosts:trust': ({ hostId, fingerprint }) => trustHost(engine, hostId, fingerprint),
    'hosts:credentials': ({ hostId, ...secrets }) => setCredentials(engine, hostId, secrets),
    'hosts:import': ({ text, names }) => importSshConfig(engine, text, names),
    'diag:checks': ({ hostId }) => listChecks(engine, hostId),
    'diag:run': (input) => runCheck(engine, input),
    'diag:save': (c) => saveCommand(engine, c),
    'diag:delete': ({ name }) => deleteCommand(engine, name),
    'diag:history': ({ hostId, limit }) => commandHistory(engine, hostId, limit),
    'metrics:latest': ({ hostId }) => engine.hostState(hostId).latest,
    'metrics:range': ({ hostId, series, from, to, maxPoints }) => {
      const { host } = engine.hostState(hostId);
      // Prometheus hosts' history stays in Prometheus: charts read it with query_range.
      if (host.kind === 'prometheus') return engine.promFleet.range(host, series, from, to, maxPoints);
      engine.writer?.flush();
      return engine.store.range(hostId, series, from, to, maxPoints);
    },
    'processes:top': ({ hostId, by, limit }) => engine.hostState(hostId).collector.topProcesses(by, limit),
    'settings:get': () => ({ ...engine.settings }),
    'settings:set': (patch) => engine.updateSettings(patch),
    'datasources:secret': ({ sourceId, secret }) => storeSourceSecret(engine, sourceId, secret),
    // Not live-only: it only reads the store, so a reviewed history may be exported.
    'history:export': (input) => exportFromApi(engine, input),
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
    'audit:run': ({ hostId }) => runHostAudit(engine, hostId),
    'audit:latest': ({ hostId }) => latestAudit(engine, hostId),
    'audit:history': ({ hostId, limit }) => auditHistory(engine, hostId, limit),
    'probes:list': () => engine.probes.list(),
    'probes:add': (input) => engine.probes.add(input),
    'probes:update': (def) => engine.probes.update(def),
    'probes:remove': ({ probeId }) => engine.probes.remove(probeId),
    'probes:run': ({ probeId }) => engine.probes.runNow(probeId),
    'probes:results': (input) => engine.probes.results(input),
    'loadtests:targets': () => engine.loadTests.targets(),
    'loadtests:saveTarget': (input) => engine.loadTests.saveTarget(input),
    'loadtests:removeTarget': ({ targetId }) => engine.loadTests.removeTarget(targetId),
    'loadtests:start': ({ targetId }) => engine.loadTests.start(targetId),
    'loadtests:cancel': ({ runId }) => engine.loadTests.cancel(runId),
    'loadtests:runs': ({ targetId, limit }) => engine.loadTests.runs(targetId, limit),
    'loadtests:setBaseline': ({ runId }) => engine.loadTests.setBaseline(runId),
    'incidents:plan': () => engine.incidents.plan(),
    'incidents:setPlan': (plan) => engine.incidents.setPlan(plan),
    'incidents:templates': () => engine.incidents.templates(),
    'incidents:setTemplates': ({ templates }) => engine.incidents.setTemplates(templates),
    'incidents:list': (input) => engine.incidents.list(input),
    'incidents:get': ({ id }) => engine.incidents.get(id),
    'incidents:declare': (input) => engine.incidents.declare(input),
    'incidents:setStatus': (input) => engine.incidents.setStatus(input),
    'incidents:setSeverity': (input) => engine.incidents.setSeverity(input),
    'incidents:assign': (input) => engine.incidents.assign(input),
    'incidents:tick': (input) => engine.incidents.tick(input),
    'incidents:note': (input) => engine.incidents.note(input),
    'incidents:update': (input) => engine.incidents.update(input),
    'incidents:resolve': (input) => engine.incidents.resolve(input),
    'incidents:reopen': (input) => engine.incidents.reopen(input),
    'incidents:postmortem': ({ id }) => engine.incidents.postmortem(id),
    'incidents:suggest': ({ signal }) => engine.incidents.suggest(signal),
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
  // Every handler answers with a promise, and a synchronous throw becomes a rejection.
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
  ) as ApiHandlers;
}

function appInfo(engine: Greenboard): AppInfo {
  return {
    name: 'Greenboard',
    version: engine.opts.version ?? '0.0.0',
    mode: engine.opts.mode,
    dataDir: engine.opts.dataDir,
    dbPath: engine.store.path,
    logFile: engine.log.file ?? null,
    platform: platform(),
    hostname: hostname(),
    history: engine.review,
    dataRange: engine.store.timeRange(),
  };
}

/** The window's own rules (to after from, a daily window under 24 h), as a bad request. */
function checkWindow(input: ParsedInput<'maintenance:add'>): ParsedInput<'maintenance:add'> {
  const parsed = MaintenanceWindowSchema.safeParse({ ...input, id: 'new' });
  if (!parsed.success)
    throw new GreenboardError('bad_request', describeZodError(parsed.error), zodIssues(parsed.error));
  return input;
}
