// Loads something once the admin check passes, and again on reload() (with the page's state as it
// is then); remembers the last failure.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/locales/errors';

export function useLoad<T>(enabled: boolean, load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    try {
      const next = await latest.current();
      setData(next);
      setError(null);
      return next;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  }, []);
  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);
  return { data, error, reload, setData };
}
