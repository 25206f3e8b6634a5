import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { DiagCheck } from '../../../shared/schemas';
import { api, errorMessage } from '../api';

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
  const [checks, setChecks] = useState<Loaded<DiagCheck>>({ rows: null, error: null });
  const [history, setHistory] = useState<Loaded<CommandRecord>>({ rows: null, error: null });
  const [historyVersion, setHistoryVersion] = useState(0);
  const [checksVersion, setChecksVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.call('diag:checks', { hostId }).then(
      (rows) => !cancelled && setChecks({ rows, error: null }),
      (err: unknown) => !cancelled && setChecks({ rows: null, error: errorMessage(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [hostId, checksVersion]);

  useEffect(() => {
    let cancelled = false;
    api.call('diag:history', { hostId, limit: HISTORY_LIMIT }).then(
      (rows) => !cancelled && setHistory({ rows, error: null }),
      (err: unknown) => !cancelled && setHistory((prev) => ({ rows: prev.rows, error: errorMessage(err) })),
    );
    return () => {
      cancelled = true;
    };
  }, [hostId, historyVersion]);

  const reloadHistory = useCallback(() => setHistoryVersion((v) => v + 1), []);
  const reloadChecks = useCallback(() => setChecksVersion((v) => v + 1), []);
  return { checks, history, reloadHistory, reloadChecks };
}
