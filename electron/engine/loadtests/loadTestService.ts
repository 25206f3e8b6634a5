import { describeZodError, zodIssues, type ParsedInput } from '../../../shared/contract';
import { GreenboardError } from '../../../shared/errors';
import {
  LoadTargetInputSchema,
  type LoadRun,
  type LoadTarget,
  type LoadTestResult,
  type LoadTimelinePoint,
} from '../../../shared/loadTests';
import { compareWithBaseline } from '../checks/loadBaseline';
import { runLoadTest, type LoadTestProgress } from '../checks/loadTest';
import type { EngineContext } from '../core/context';
import { HostUsageRecorder } from './hostUsage';
import { matchHost, uniqueId } from './loadTargets';
import { LoadStore, type RunEnd, type StoredRun } from './loadStore';
import { redactUrls } from '../../../shared/redactUrl';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'emit' | 'hosts' | 'log' | 'on' | 'review' | 'store'>;

/** What a run left by a stopped process says, once the next one starts. */
export const STOPPED_DURING_RUN = 'Greenboard stopped during the run';
const PROGRESS_EVERY_MS = 250;
const TIMELINE_EVERY_MS = 1000;

interface ActiveRun {
  runId: number;
  target: LoadTarget;
  controller: AbortController;
  /** Settles once the run's end is stored (never rejects). */
  ended: Promise<void>;
}

/**
 * Saved load-test targets and their kept runs. A load test runs only against a saved target,
 * one at a time, in the background: progress goes out as `loadtests:progress`, every start,
 * end and baseline change as `loadtests:changed`. Each target's first finished run becomes its
 * baseline, and every later run is compared with it.
 */
export class LoadTestService {
  private readonly store: LoadStore;
  private active: ActiveRun | null = null;

  constructor(private readonly engine: Deps) {
    this.store = new LoadStore(engine.store.db);
    // A reviewed history is read as it was saved, including a run that was going at the time.
    if (!engine.review) {
      const n = this.store.failRunning(STOPPED_DURING_RUN);
      if (n > 0) engine.log.info(`marked ${n} load test run(s) left running by a previous process as failed`);
    }
  }

  /** Cancels a running load test and waits until its partial result is stored. */
  async stop(): Promise<void> {
    const run = this.active;
    if (!run) return;
    run.controller.abort();
    await run.ended;
  }

  /** Every saved target, oldest first. */
  targets(): LoadTarget[] {
    return this.store.targets();
  }

  /**
   * Adds a target (its id made from the name) or, with an id, replaces that target. A null
   * hostId is filled in when the URL points at this machine or at an SSH host's address.
   * @throws GreenboardError 'bad_request' for an invalid spec or an unknown host, 'not_found'
   *   for an id that is not a saved target.
   */
  saveTarget(input: ParsedInput<'loadtests:saveTarget'>): LoadTarget {
    this.refuseInReview('save a load-test target');
    // The contract parsed this already; parse again for callers inside the engine.
    const parsed = LoadTargetInputSchema.safeParse(input);
    if (!parsed.success)
      throw new GreenboardError('bad_request', describeZodError(parsed.error), zodIssues(parsed.error));
    const { id, name, spec, hostId } = parsed.data;
    const hosts = this.engine.hosts.list().map((s) => s.host);
    if (hostId !== null && !hosts.some((h) => h.id === hostId)) {
      throw new GreenboardError(
        'bad_request',
        `No host "${hostId}" in the fleet. Pick one from the host list, or leave the host empty.`,
      );
    }
    const old = id === undefined ? null : this.store.target(id);
    if (id !== undefined && !old) {
      throw new GreenboardError(
        'not_found',
        `No load-test target "${id}". Leave the id out to save it as a new target.`,
      );
    }
    const target: LoadTarget = {
      id: old?.id ?? uniqueId(name, (x) => this.store.hasTargetId(x)),
      name,
      spec,
      hostId: hostId ?? matchHost(spec.targetUrl, hosts),
      createdAt: old?.createdAt ?? this.engine.clock.now(),
    };
    this.store.saveTarget(target);
    return target;
  }

  /** Removes a target and all its runs. @throws 'conflict' while it runs. */
  removeTarget(targetId: string): { removed: string } {
    this.refuseInReview('remove a load-test target');
    // A stored target that no longer validates is not listed, but can still be removed.
    if (!this.store.target(targetId) && this.store.hasTargetId(targetId)) {
      this.store.removeTarget(targetId);
      return { removed: targetId };
    }
    const target = this.targetOrThrow(targetId);
    if (this.active?.target.id === targetId) {
      throw new GreenboardError(
        'conflict',
        `A load test of ${target.name} is running; cancel it first, then remove the target.`,
      );
    }
    this.store.removeTarget(targetId);
    return { removed: targetId };
  }

  /**
   * Starts a run of a saved target and returns it at once, as 'running'.
   * @throws 'not_found' for an unsaved target, 'conflict' while another run goes.
   */
  start(targetId: string): LoadRun {
    this.refuseInReview('run a load test');
    const target = this.store.target(targetId);
    if (!target && this.store.hasTargetId(targetId)) this.targetOrThrow(targetId);
    if (!target) {
      throw new GreenboardError(
        'not_found',
        `No load-test target "${targetId}": load tests run only against saved targets, so save it as a target first.`,
      );
    }
    if (this.active) {
      throw new GreenboardError(
        'conflict',
        `A load test of ${this.active.target.name} is running; wait for it or cancel it.`,
      );
    }
    const runId = this.store.insertRun(target, this.engine.clock.now());
    const controller = new AbortController();
    const active: ActiveRun = { runId, target, controller, ended: Promise.resolve() };
    this.active = active;
    active.ended = this.execute(active).finally(() => {
      if (this.active === active) this.active = null;
    });
    const run = this.withComparison(this.runOrThrow(runId));
    this.engine.emit('loadtests:changed', run);
    return run;
  }

  /** Stops a running run; resolves with it once it is stored as cancelled. @throws 'conflict' if it ended. */
  async cancel(runId: number): Promise<LoadRun> {
    const run = this.runOrThrow(runId);
    const active = this.active;
    if (active?.runId !== runId) {
      throw new GreenboardError(
        'conflict',
        `Run ${runId} of ${run.targetName} has already ended (${run.status}); there is nothing to cancel.`,
      );
    }
    active.controller.abort();
    await active.ended;
    return this.withComparison(this.runOrThrow(runId));
  }

  /** A target's runs, newest first, each compared with the target's baseline. */
  runs(targetId: string, limit: number): LoadRun[] {
    this.targetOrThrow(targetId);
    const baseline = this.store.baseline(targetId);
    return this.store.runs(targetId, limit).map((r) => this.withComparison(r, baseline));
  }

  /** Makes a finished run its target's baseline. @throws 'conflict' for a run without a full result. */
  setBaseline(runId: number): LoadRun {
    this.refuseInReview('change the baseline');
    const run = this.runOrThrow(runId);
    if (run.status !== 'done' || !run.result) {
      const why =
        run.status === 'running'
          ? 'it is still running; wait for it to finish'
          : run.status === 'cancelled'
            ? 'it was cancelled, so its numbers cover only part of the test; pick a run that finished'
            : 'it failed and has no result; pick a run that finished';
      throw new GreenboardError('conflict', `Run ${runId} cannot be the baseline: ${why}.`);
    }
    this.store.setBaseline(runId, run.targetId);
    const updated = this.withComparison(this.runOrThrow(runId));
    this.engine.emit('loadtests:changed', updated);
    return updated;
  }

  /** Runs the test, records the host and the timeline, and stores how it ended. Never rejects. */
  private async execute(active: ActiveRun): Promise<void> {
    const { runId, target } = active;
    const recorder = target.hostId ? new HostUsageRecorder(this.engine, target.hostId) : null;
    const timeline: LoadTimelinePoint[] = [];
    const onProgress = (p: LoadTestProgress): void => {
      const ts = this.engine.clock.now();
      const last = timeline[timeline.length - 1];
      if (!last || ts - last.ts >= TIMELINE_EVERY_MS) {
        timeline.push({ ts, rps: round1(p.rps), p95Ms: p.p95Ms, errors: p.errors });
      }
      const host = recorder?.latest() ?? null;
      this.engine.emit('loadtests:progress', { runId, targetId: target.id, ...p, host });
    };
    let end: Pick<RunEnd, 'status' | 'result' | 'error'>;
    recorder?.start();
    try {
      const result: LoadTestResult = await runLoadTest(target.spec, {
        signal: active.controller.signal,
        progressIntervalMs: PROGRESS_EVERY_MS,
        now: () => this.engine.clock.now(),
        // Called from a timer: a throwing listener must not become an uncaught exception.
        onProgress: (p) => {
          try {
            onProgress(p);
          } catch (err) {
            this.engine.log.warn(`load test progress of ${target.name} not sent: ${String(err)}`);
          }
        },
      });
      end = { status: result.cancelled ? 'cancelled' : 'done', result, error: null };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const message =
        err instanceof GreenboardError
          ? err.message
          : redactUrls(
              `The load test could not run (${why}). Check that ${target.spec.targetUrl} answers, then run it again.`,
            );
      this.engine.log.warn(`load test of ${target.name} failed: ${message}`);
      end = { status: 'failed', result: null, error: message };
    }
    const hostUsage = (await recorder?.stop()) ?? [];
    // engine.stop() waits for this before closing the store; anything else closing it is a bug.
    if (!this.engine.store.db.open) return;
    try {
      this.store.finishRun(runId, { ...end, hostUsage, timeline });
      if (end.status === 'done' && !this.store.baseline(target.id)) this.store.setBaseline(runId, target.id);
      // Free before telling anyone, so a listener may start the next run straight away.
      if (this.active === active) this.active = null;
      this.engine.emit('loadtests:changed', this.withComparison(this.runOrThrow(runId)));
    } catch (err) {
      this.engine.log.error(`could not store load test run ${runId} of ${target.name}: ${String(err)}`);
    }
  }

  private withComparison(run: StoredRun, baseline = this.store.baseline(run.targetId)): LoadRun {
    const comparison =
      !run.baseline && run.result && baseline?.result
        ? compareWithBaseline(run.result, baseline.result)
        : null;
    return { ...run, comparison };
  }

  private targetOrThrow(targetId: string): LoadTarget {
    const target = this.store.target(targetId);
    if (!target && this.store.hasTargetId(targetId)) {
      throw new GreenboardError(
        'bad_request',
        `Load-test target "${targetId}" is disabled: its stored definition no longer validates (saved by an older version, or edited by hand). Remove it with loadtests:removeTarget and save it again.`,
      );
    }
    if (!target) {
      throw new GreenboardError(
        'not_found',
        `No load-test target "${targetId}". See loadtests:targets for the saved ones.`,
      );
    }
    return target;
  }

  private runOrThrow(runId: number): StoredRun {
    const run = this.store.run(runId);
    if (!run) {
      throw new GreenboardError(
        'not_found',
        `No load test run ${runId}. See loadtests:runs for a target's runs.`,
      );
    }
    return run;
  }

  // The API refuses live-only methods in a reviewed history already; this guards engine callers.
  private refuseInReview(what: string): void {
    if (this.engine.review) {
      throw new GreenboardError('forbidden', `This history is read-only: cannot ${what} here.`);
    }
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
