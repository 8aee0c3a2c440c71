import { useCallback, useEffect, useRef, useState } from 'react';

/** Loads `load` now and every `everyMs`; `reload` asks again at once (after an action). */
export function usePolling<T>(
  load: () => Promise<T>,
  everyMs: number,
): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => {
    loadRef.current().then(
      (value) => {
        setData(value);
        setError(undefined);
      },
      (failure: Error) => setError(failure.message),
    );
  }, []);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return { data, error, reload };
}
