import { useCallback, useState } from 'react';

const KEY = 'greenboard.alerts.by';

function stored(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return ''; // storage can be disabled; the person types their name each time
  }
}

/**
 * The "by" of silences and maintenance windows, filled in with the name used last time: the
 * same person sets most of them, and an audit trail is only useful if they keep filling it in.
 */
export function useRememberedName(): [string, (name: string) => void, () => void] {
  const [name, setName] = useState(stored);
  const remember = useCallback(() => {
    try {
      localStorage.setItem(KEY, name.trim());
    } catch {
      // not remembered; nothing else depends on it
    }
  }, [name]);
  return [name, setName, remember];
}
