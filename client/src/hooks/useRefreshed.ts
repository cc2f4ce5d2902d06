import { useEffect, useRef, useState } from 'react';

export type Refreshed<T> = {
  /** The latest answer, kept while a refresh is under way or after one failed. */
  data: T | null;
  /** The last request failed (what is shown may be out of date, or missing). */
  failed: boolean;
};

/**
 * Data read from the server once and again whenever `refreshKey` changes (the
 * page read the entry again), without going back to "loading" in between.
 * An answer that arrives after a newer request started is dropped.
 */
export function useRefreshed<T>(load: () => Promise<T>, refreshKey: unknown, active = true): Refreshed<T> {
  const [state, setState] = useState<Refreshed<T>>({ data: null, failed: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger, it is not read.
  useEffect(() => {
    if (!active) return;
    const mine = ++generation.current;
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ data, failed: false });
      },
      () => {
        if (mine === generation.current) setState((current) => ({ data: current.data, failed: true }));
      },
    );
  }, [refreshKey, active]);

  useEffect(
    () => () => {
      generation.current++;
    },
    [],
  );

  return state;
}
