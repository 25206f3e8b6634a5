import type { Settings } from '../../shared/schemas';
import type { Alerting } from './alerting';
import type { EngineContext } from './core/context';
import type { HostRegistry } from './core/hostRegistry';
import type { SettingsService } from './core/settings';
import type { EngineOptions } from './engineTypes';
import type { ForecastService } from './forecast/forecastService';
import type { GroupService } from './groups/groupService';
import type { IncidentService } from './incidents/service';
import type { LoadTestService } from './loadtests/loadTestService';
import type { ScreenReceivers } from './notify/screenReceivers';
import type { ProbeService } from './probes/probeService';
import type { PromFleet } from './prometheus/promFleet';
import type { SecurityWatch } from './securityWatch';
import type { ServiceWatch } from './services/serviceWatch';
import type { CredentialStore } from './ssh/credentials';

/**
 * Everything createEngine builds, as the API's handler slices receive it. Each slice takes
 * only what it uses; this type is where their needs meet. Types only: nothing is imported.
 */
export interface EngineParts extends EngineContext {
  readonly opts: EngineOptions;
  readonly hosts: HostRegistry;
  readonly settings: Settings;
  readonly settingsService: SettingsService;
  readonly credentials: CredentialStore;
  readonly alerting: Alerting;
  /** Who shows notifications on a screen (Electron's main, the headless server's tabs). */
  readonly screens: ScreenReceivers;
  readonly probes: ProbeService;
  readonly incidents: IncidentService;
  readonly loadTests: LoadTestService;
  /** Each host's last security audit, folded into its health; audited hosts re-audited daily. */
  readonly security: SecurityWatch;
  /** Hosts discovered from the Prometheus data sources (settings.prometheus). */
  readonly promFleet: PromFleet;
  /** Databases and caches on the hosts, each polled on its own timer. */
  readonly services: ServiceWatch;
  /** Disk, inode and memory forecasts, fitted every 15 minutes from the rollups. */
  readonly forecasts: ForecastService;
  /** Groups (every tag is one): their signals, balance, and the balancer named for each. */
  readonly groups: GroupService;
}
