import { resolve } from 'node:path';
import { GreenboardError } from '../../shared/errors';

/** What an engine must offer the registry: a way to stop it (and drop its private copy). */
export interface StoppableEngine {
  stop(): Promise<void>;
}

export interface WindowBinding<W, E extends StoppableEngine> {
  win: W;
  engine: E;
  /** The saved history this window reviews; null for the main window, whose engine the app owns. */
  historyFile: string | null;
}

/**
 * Which engine answers each window's IPC calls, keyed by webContents id. The main window shares
 * the app's engine; each "Open history…" window owns a review engine, stopped when it closes.
 * Plain TypeScript (no electron import) so it is tested in Node.
 */
export class WindowEngines<W, E extends StoppableEngine> {
  private readonly byId = new Map<number, WindowBinding<W, E>>();

  add(webContentsId: number, binding: WindowBinding<W, E>): void {
    if (this.byId.has(webContentsId))
      throw new Error(`webContents ${webContentsId} is already bound to an engine.`);
    this.byId.set(webContentsId, binding);
  }

  get(webContentsId: number): WindowBinding<W, E> | undefined {
    return this.byId.get(webContentsId);
  }

  /** The window already reviewing `file`, so opening it twice focuses that one instead. */
  findHistory(file: string): WindowBinding<W, E> | undefined {
    const wanted = resolve(file);
    for (const b of this.byId.values())
      if (b.historyFile !== null && resolve(b.historyFile) === wanted) return b;
    return undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Forgets a closed window; stops its engine if the window owned one (a review). Idempotent. */
  async release(webContentsId: number): Promise<void> {
    const b = this.byId.get(webContentsId);
    if (!b) return;
    this.byId.delete(webContentsId);
    if (b.historyFile !== null) await b.engine.stop();
  }

  /** At quit: stops every review engine, so no private copy is left in the temp folder. */
  async releaseAll(): Promise<void> {
    await Promise.allSettled([...this.byId.keys()].map((id) => this.release(id)));
  }
}

export type OpenedHistory<E> = { ok: true; engine: E } | { ok: false; title: string; message: string };

/**
 * Creates a review engine for `file`, turning a refusal (missing file, not a Greenboard file,
 * newer schema, damaged) into the engine's own message for an error box.
 */
export function openHistoryEngine<E>(file: string, create: (file: string) => E): OpenedHistory<E> {
  try {
    return { ok: true, engine: create(file) };
  } catch (err) {
    const message =
      err instanceof GreenboardError
        ? err.message
        : `Could not open ${file}: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, title: 'Could not open this history', message };
  }
}
