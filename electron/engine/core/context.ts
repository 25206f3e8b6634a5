import type { EventName } from '../../../shared/channels';
import type { EventPayload } from '../../../shared/contract';
import type { BoardEntry, Health, Host, Sample, Settings } from '../../../shared/schemas';
import type { Clock, Logger } from '../clock';
import type { Collector } from '../collectors/types';
import type { HistoryWriter } from '../historyWriter';
import type { Store } from '../store/store';

/**
 * What every part of the engine may be handed: the clock, the log, the store, the event bus,
 * the settings, whether a saved history is being reviewed, and the host directory. It is a
 * leaf: it names no feature, so a service takes `Pick<EngineContext, ...>` of what it uses and
 * its tests build only that.
 */
export interface EngineContext {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: Store;
  /** Null when reviewing a saved history (nothing is written). */
  readonly writer: HistoryWriter | null;
  /** Set when reviewing a saved history: the file and the time range it holds. */
  readonly review: Review | null;
  /** The current settings; changed only through the settings service, which tells its listeners. */
  readonly settings: Readonly<Settings>;
  /** Folder holding the database, greenboard.json and the log. */
  readonly dataDir: string;
  readonly hosts: HostDirectory;
  /** Pushes an event to every subscriber (the transports, and parts that follow each other). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface Review {
  file: string;
  fromTs: number | null;
  toTs: number | null;
}

/** One host on the board: its entry, how it is reached, what it last said and how it is judged. */
export interface HostState {
  host: Host;
  collector: Collector;
  /** The last sample (its `ts` is the host's last-sample time; health repeats it for the wire). */
  latest: Sample | null;
  health: Health;
  lastError: string | null;
}

/** The hosts on the board, as features see them (the host registry implements it). */
export interface HostDirectory {
  /** The host, or a not_found error that says how to list the hosts. */
  get(hostId: string): HostState;
  find(hostId: string): HostState | undefined;
  list(): HostState[];
  board(): BoardEntry[];
  /** Saves a host and puts it on the board (and in the schedule, when running). */
  mount(host: Host, stored?: Sample | null): HostState;
  /** Takes a host off the board and out of the store. */
  unmount(hostId: string): void;
  /** Takes a host's baseline reading now (see Collector.prime). */
  primeNow(hostId: string): Promise<void>;
  /** Polls a host now, outside its schedule, and writes the sample. */
  pollNow(hostId: string): Promise<void>;
  /** Judges a host's health again (a health input of it changed). */
  refresh(hostId: string): void;
}
