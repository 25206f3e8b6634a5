import { describe, expect, it } from 'vitest';
import {
  noPendingChoices,
  pendingReducer,
  shownChoice,
  type PendingAction,
  type PendingChoices,
} from './pendingChoice';

const run = (actions: PendingAction<boolean>[]): PendingChoices<boolean> =>
  actions.reduce(pendingReducer<boolean>, noPendingChoices<boolean>());

describe('pending choices', () => {
  it("shows a choice at once, then the engine's value once it is saved", () => {
    const chosen = run([{ type: 'choose', key: 'top', id: 1, value: true }]);
    // The engine still says "not done": the tick shows anyway, and stays while it is saved.
    expect(shownChoice(chosen, 'top', false)).toBe(true);
    // Meanwhile the engine's view already says done (its change event came first): still ticked.
    expect(shownChoice(chosen, 'top', true)).toBe(true);
    expect(shownChoice(chosen, 'other', false)).toBe(false);
    const saved = pendingReducer(chosen, { type: 'saved', key: 'top', id: 1 });
    expect(saved).toEqual(noPendingChoices());
    expect(shownChoice(saved, 'top', true)).toBe(true);
  });

  it('rolls back to the engine value on a refusal and keeps why, until the next choice', () => {
    const refused = run([
      { type: 'choose', key: 'top', id: 1, value: true },
      { type: 'refused', key: 'top', id: 1, message: 'INC-1 is resolved; reopen it first.' },
    ]);
    expect(shownChoice(refused, 'top', false)).toBe(false);
    expect(refused.refused).toEqual({ top: 'INC-1 is resolved; reopen it first.' });
    const again = pendingReducer(refused, { type: 'choose', key: 'top', id: 2, value: true });
    expect(again.refused).toEqual({});
    expect(shownChoice(again, 'top', false)).toBe(true);
  });

  it('lets an older answer settle nothing once a later choice replaced it', () => {
    const state = run([
      { type: 'choose', key: 'top', id: 1, value: true },
      { type: 'choose', key: 'top', id: 2, value: false },
      { type: 'saved', key: 'top', id: 1 },
      { type: 'refused', key: 'top', id: 1, message: 'late' },
    ]);
    expect(shownChoice(state, 'top', true)).toBe(false);
    expect(state.refused).toEqual({});
    expect(pendingReducer(state, { type: 'saved', key: 'top', id: 2 })).toEqual(noPendingChoices());
  });

  it('keeps each control apart', () => {
    const state = run([
      { type: 'choose', key: 'a', id: 1, value: true },
      { type: 'choose', key: 'b', id: 2, value: true },
      { type: 'refused', key: 'a', id: 1, message: 'no' },
    ]);
    expect(shownChoice(state, 'a', false)).toBe(false);
    expect(shownChoice(state, 'b', false)).toBe(true);
    expect(state.refused).toEqual({ a: 'no' });
  });
});
