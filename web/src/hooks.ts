// useAsync: runs a request when its key changes, aborts the previous one, and reports loading, data or error.
import { useEffect, useState } from 'preact/hooks';

export interface AsyncState<T> {
  loading: boolean;
  data: T | null;
  error: unknown;
}

export function useAsync<T>(key: string | null, run: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: false, data: null, error: null });
  useEffect(() => {
    if (key === null) {
      setState({ loading: false, data: null, error: null });
      return;
    }
    const ac = new AbortController();
    setState((s) => ({ loading: true, data: s.data, error: null }));
    run(ac.signal).then(
      (data) => {
        if (!ac.signal.aborted) setState({ loading: false, data, error: null });
      },
      (error: unknown) => {
        if (!ac.signal.aborted) setState({ loading: false, data: null, error });
      },
    );
    return () => ac.abort();
  }, [key]);
  return state;
}

/** A value that follows its input after `ms` without change. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
