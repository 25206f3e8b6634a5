/** How saving a choice went: the engine took it, or refused it with a reason to show. */
export type SaveOutcome = { ok: true } | { ok: false; message: string };

/**
 * Choices made in the UI that the engine has not answered yet, by control, and the last
 * refusal of each. A control shows its pending choice at once (so a checkbox ticks when
 * clicked, not a round trip later) and falls back to the engine's value when the choice
 * settles: the saved value has arrived by then, or the refusal says why it did not.
 */
export interface PendingChoices<V> {
  pending: Readonly<Record<string, { id: number; value: V }>>;
  refused: Readonly<Record<string, string>>;
}

export type PendingAction<V> =
  | { type: 'choose'; key: string; id: number; value: V }
  | { type: 'saved'; key: string; id: number }
  | { type: 'refused'; key: string; id: number; message: string };

export function noPendingChoices<V>(): PendingChoices<V> {
  return { pending: {}, refused: {} };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/**
 * A choice settles only the control it was made on, and only if no later choice replaced it
 * there: an older answer arriving last must not undo what the person chose since.
 */
export function pendingReducer<V>(state: PendingChoices<V>, action: PendingAction<V>): PendingChoices<V> {
  if (action.type === 'choose')
    return {
      pending: { ...state.pending, [action.key]: { id: action.id, value: action.value } },
      refused: without(state.refused, action.key),
    };
  if (state.pending[action.key]?.id !== action.id) return state;
  return {
    pending: without(state.pending, action.key),
    refused: action.type === 'refused' ? { ...state.refused, [action.key]: action.message } : state.refused,
  };
}

/** What a control shows: the choice waiting for the engine, else the engine's own value. */
export function shownChoice<V>(state: PendingChoices<V>, key: string, confirmed: V): V {
  const p = state.pending[key];
  return p ? p.value : confirmed;
}
