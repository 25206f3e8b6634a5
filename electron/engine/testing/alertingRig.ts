import { Alerting, wireAlerting } from '../alerting';
import { alertsHandlers } from '../alertsHandlers';
import { promised } from '../api';
import { coreHandlers } from '../core/handlers';
import { ScreenReceivers } from '../notify/screenReceivers';
import { testAlerting, testContext, type TestContext, type TestContextOptions } from './testContext';

/** What alertingRig builds: the context, alerting on its board, and the two API slices over them. */
export interface AlertingRig {
  readonly ctx: TestContext;
  readonly alerting: Alerting;
  /** Who shows notifications; none until the test adds one (as Electron's main or the server does). */
  readonly screens: ScreenReceivers;
  /** The core's slice (board, hosts, settings) and alerting's (alert log, signals, silences, webhook). */
  readonly handlers: ReturnType<typeof coreHandlers> & ReturnType<typeof alertsHandlers>;
  readonly api: ReturnType<typeof promised<AlertingRig['handlers']>>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * A test context with the real alerting wired into its board as the engine wires it (hooks,
 * judge, settings changes), and the API slices of the board and of alerting. For a service whose
 * effect shows there (security verdicts, incidents). It holds no probes, so a search of the alert
 * log matches host names only. Nothing is mounted: the test wires its own service first, then
 * mounts (mountThisMachine), as the engine does.
 */
export function alertingRig(opts: Omit<TestContextOptions, 'local'>): AlertingRig {
  const ctx = testContext(opts);
  const screens = new ScreenReceivers();
  const alerting = testAlerting(ctx, screens);
  wireAlerting(ctx.hosts, alerting, ctx.settingsService);
  const handlers = {
    ...coreHandlers({ ...ctx, opts: { mode: 'headless' } }),
    ...alertsHandlers({ ...ctx, alerting, probes: { list: () => [] } }),
  };
  return {
    ctx,
    alerting,
    screens,
    handlers,
    api: promised(handlers),
    start: () => {
      ctx.hosts.start();
      alerting.start();
    },
    stop: async () => {
      await ctx.hosts.stop();
      await alerting.stop();
      await ctx.close();
    },
  };
}
