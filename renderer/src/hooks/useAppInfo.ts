import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/schemas';
import { api } from '../api';

let pending: Promise<AppInfo> | null = null;

/** The app's facts (mode, data file, saved history under review), fetched once per page. */
export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let cancelled = false;
    pending ??= api.call('app:info', {});
    pending.then(
      (i) => !cancelled && setInfo(i),
      () => {
        pending = null; // try again on the next mount; the connection banner says what is wrong
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return info;
}
