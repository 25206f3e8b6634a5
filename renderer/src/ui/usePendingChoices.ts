import { useCallback, useReducer, useRef } from 'react';
import { noPendingChoices, pendingReducer, shownChoice, type SaveOutcome } from './pendingChoice';
import { errorMessage } from '../transport/apiCallError';

export interface PendingChoicesApi<V> {
  /** What the control for `key` shows: the choice in flight, else `confirmed` (the engine's). */
  shown: (key: string, confirmed: V) => V;
  /** Whether a choice on `key` waits for the engine. */
  isPending: (key: string) => boolean;
  /** Why the engine refused the last choice on `key`; null once it took one. */
  refused: (key: string) => string | null;
  /** Shows `value` on `key` at once, saves it, and rolls it back if the engine refuses. */
  choose: (key: string, value: V, save: () => Promise<SaveOutcome>) => Promise<void>;
}

/**
 * Optimistic controls: a checkbox, select or slider whose value is the engine's changes the
 * moment the person acts, instead of snapping back until the engine answers.
 */
export function usePendingChoices<V>(): PendingChoicesApi<V> {
  const [state, dispatch] = useReducer(pendingReducer<V>, undefined, noPendingChoices<V>);
  const ids = useRef(0);
  const choose = useCallback(async (key: string, value: V, save: () => Promise<SaveOutcome>) => {
    const id = ++ids.current;
    dispatch({ type: 'choose', key, id, value });
    let outcome: SaveOutcome;
    try {
      outcome = await save();
    } catch (err) {
      outcome = { ok: false, message: errorMessage(err) };
    }
    dispatch(
      outcome.ok ? { type: 'saved', key, id } : { type: 'refused', key, id, message: outcome.message },
    );
  }, []);
  return {
    shown: (key, confirmed) => shownChoice(state, key, confirmed),
    isPending: (key) => state.pending[key] !== undefined,
    refused: (key) => state.refused[key] ?? null,
    choose,
  };
}
