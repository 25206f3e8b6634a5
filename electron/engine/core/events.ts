import { EventEmitter } from 'node:events';
import type { EventName } from '../../../shared/channels';
import type { EventPayload } from '../../../shared/contract';

type EventArgs = { [E in EventName]: [EventPayload<E>] };

/** The engine's typed event bus: what the contract's events carry, and nothing else. */
export class EngineEvents {
  private readonly emitter = new EventEmitter<EventArgs>();

  constructor() {
    // Each open window or browser tab subscribes to every event.
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    (this.emitter.emit as (e: E, p: EventPayload<E>) => boolean)(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const l = listener as (...args: EventArgs[E]) => void;
    this.emitter.on(event, l as never);
    return () => this.emitter.off(event, l as never);
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}
