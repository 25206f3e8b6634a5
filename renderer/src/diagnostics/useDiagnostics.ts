import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { DiagCheck } from '../../../shared/schemas';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';

export type CommandRecord = MethodOutput<'diag:history'>[number];

const HISTORY_LIMIT = 10;

interface Loaded<T> {
  rows: T[] | null;
  error: string | null;
}

/** Loads a host's diagnostic checks once, and its command history on demand. */
export function useDiagnostics(hostId: string): {
  checks: Loaded<DiagCheck>;
  history: Loaded<CommandRecord>;
  reloadHistory: () => void;
  reloadChecks: () => void;
} {
  const checks = useQuery(apiQuery('diag:checks', { hostId }));
  const history = useQuery(apiQuery('diag:history', { hostId, limit: HISTORY_LIMIT }));
  const { refetch: refetchHistory } = history;
  const { refetch: refetchChecks } = checks;
  const reloadHistory = useCallback(() => void refetchHistory(), [refetchHistory]);
  const reloadChecks = useCallback(() => void refetchChecks(), [refetchChecks]);
  return {
    // A failed read of the checks shows no list (what runs must be what the engine has now);
    // the history keeps its last rows beside the error.
    checks: checks.error
      ? { rows: null, error: errorMessage(checks.error) }
      : { rows: checks.data ?? null, error: null },
    history: { rows: history.data ?? null, error: history.error ? errorMessage(history.error) : null },
    reloadHistory,
    reloadChecks,
  };
}
