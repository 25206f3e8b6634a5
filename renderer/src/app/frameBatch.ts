/**
 * Collects items pushed between frames and hands them over once per animation frame, so a
 * burst of engine events (500 hosts polled each second) costs one store update and one render.
 * A timer backs up the frame: hidden windows get no animation frames.
 */
export interface FrameBatch<T> {
  push: (item: T) => void;
  /** Hands over what is queued now, e.g. before a board reload replaces the state it updates. */
  flush: () => void;
  dispose: () => void;
}

const FALLBACK_MS = 500;

export function frameBatch<T>(deliver: (items: T[]) => void): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancel = (): void => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  };
  const flush = (): void => {
    cancel();
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    deliver(items);
  };

  return {
    push(item) {
      queue.push(item);
      if (frame !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, FALLBACK_MS);
    },
    flush,
    dispose() {
      cancel();
      queue = [];
    },
  };
}
