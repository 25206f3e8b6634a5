import type { EventName, MethodName } from '../../../shared/channels';
import type { EventPayload, GreenboardApi, MethodInput, MethodOutput } from '../../../shared/contract';
import { ApiCallError } from '../transport/apiCallError';
import type { ConnectionSource, ConnectionStatus } from '../transport/connectionStatus';

interface PendingCall {
  method: MethodName;
  input: unknown;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * A fake engine for tests of what the renderer does with its API (a fake, as no engine runs in
 * a renderer unit test): it records calls and subscriptions, lets the test answer each call when
 * it likes, and fires events to whoever subscribed.
 */
export class FakeApi implements GreenboardApi {
  readonly calls: PendingCall[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    return new Promise((resolve, reject) =>
      this.calls.push({ method, input, resolve: resolve as (r: unknown) => void, reject }),
    );
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Delivers `payload` to every listener of `event`, as the engine pushing it. */
  fire<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  /** How many listeners `event` has now. */
  subscribers(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The methods asked for and not yet answered, oldest first. */
  waiting(): MethodName[] {
    return this.calls.map((c) => c.method);
  }

  /** Answers the oldest unanswered call of `method`; throws if there is none. */
  async answer<M extends MethodName>(method: M, result: MethodOutput<M>): Promise<void> {
    this.take(method).resolve(result);
    await settled();
  }

  /** Refuses the oldest unanswered call of `method` with an API error. */
  async refuse(method: MethodName, message: string): Promise<void> {
    this.take(method).reject(new ApiCallError('internal', message));
    await settled();
  }

  private take(method: MethodName): PendingCall {
    const i = this.calls.findIndex((c) => c.method === method);
    if (i < 0)
      throw new Error(`No ${method} call is waiting (waiting: ${this.waiting().join(', ') || 'none'}).`);
    return this.calls.splice(i, 1)[0]!;
  }
}

/**
 * Lets the promise chains an answer starts run to their end: each `await` in the code under
 * test takes a turn of the microtask queue, and a macrotask runs after all of them.
 */
export const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A connection whose status the test sets. */
export class FakeConnection implements ConnectionSource {
  private status: ConnectionStatus = { state: 'open', message: 'Connected', problem: null };
  private readonly listeners = new Set<(s: ConnectionStatus) => void>();

  get(): ConnectionStatus {
    return this.status;
  }

  subscribe(listener: (s: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  set(state: ConnectionStatus['state']): void {
    this.status = { state, message: state, problem: null };
    for (const l of this.listeners) l(this.status);
  }

  get subscribed(): number {
    return this.listeners.size;
  }
}
