// The collector of a host read from Prometheus: nothing is polled here. collect() hands over
// the host's part of its source's last refresh (see PromFleet), so the engine's scheduler,
// alerting and health treat it like any other host.
import { GreenboardError } from '../../../shared/errors';
import type { Host, Link, ProcessInfo, Sample } from '../../../shared/schemas';
import type { Collector } from '../collectors/types';
import type { RefreshResult } from './promSource';

/** Why a Prometheus host has no sample now: its target is down, or its source failed. */
export class PromTargetError extends Error {
  constructor(
    readonly code: 'target_down' | 'source_unreachable' | 'not_discovered',
    message: string,
  ) {
    super(message);
    this.name = 'PromTargetError';
  }
}

/** What the collector needs from its fleet: a refresh at most `refreshMs / 2` old. */
export type RefreshSource = () => Promise<RefreshResult>;

/** One Prometheus target as a collector; its link says whether Prometheus can see it. */
export class PromCollector implements Collector {
  private current: Link;

  constructor(
    readonly host: Host,
    private readonly refresh: RefreshSource,
    private readonly now: () => number,
    private readonly onLinkChange: (link: Link, stateChanged: boolean) => void = () => undefined,
  ) {
    this.current = {
      state: 'connecting',
      message: `Waiting for Prometheus source "${host.prometheus?.sourceId ?? '?'}"`,
      since: now(),
      pendingKey: null,
      connectMs: null,
      pollMs: null,
    };
  }

  get link(): Link {
    return this.current;
  }

  prime(): Promise<void> {
    return Promise.resolve();
  }

  async collect(): Promise<Sample> {
    const r = await this.refresh();
    const verdict = this.apply(r);
    if (verdict instanceof PromTargetError) throw verdict;
    return verdict;
  }

  /**
   * Takes a refresh's word on this host (the fleet calls it for every refresh, so links follow
   * Prometheus even between polls). Returns the sample, or the error collect() throws.
   */
  apply(r: RefreshResult): Sample | PromTargetError {
    if (!r.ok) {
      this.setLink('unreachable', r.error);
      return new PromTargetError('source_unreachable', r.error);
    }
    const instance = this.host.prometheus?.instance;
    const t = r.targets.find((x) => x.instance === instance);
    if (!t) {
      const msg = `target ${instance ?? '?'} is no longer among the source's targets`;
      this.setLink('unreachable', msg);
      return new PromTargetError('not_discovered', msg);
    }
    if (!t.up) {
      const why = t.downReason ?? 'up == 0';
      const msg = why.startsWith('target down') ? why : `target down: ${why}`;
      this.setLink('unreachable', msg);
      return new PromTargetError('target_down', msg);
    }
    if (!t.sample) {
      const msg = `target ${t.instance} is up but has no node_exporter series (check the source's selector)`;
      this.setLink('bad_output', msg);
      return new PromTargetError('target_down', msg);
    }
    this.setLink('ok', `Prometheus target ${t.instance} (job ${t.job})`);
    return { ...t.sample, ts: r.ts };
  }

  topProcesses(): Promise<ProcessInfo[]> {
    return Promise.reject(
      new GreenboardError(
        'bad_request',
        'Processes are not part of what Prometheus collects; open a shell on the host to see them.',
      ),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private setLink(state: Link['state'], message: string): void {
    const prev = this.current;
    if (prev.state === state && prev.message === message) return;
    this.current = {
      ...prev,
      state,
      message,
      since: prev.state === state ? prev.since : this.now(),
    };
    this.onLinkChange(this.current, prev.state !== state);
  }
}
