import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'ok'; data: T; error: null }
  | { status: 'error'; data: null; error: unknown };

/**
 * Loads data for a page and reloads it on demand. A reload keeps showing the
 * previous data (no flash of "Loading…") and rejects with the error if it
 * fails, leaving what is on screen; an answer that arrives after the
 * inputs changed is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> & { reload: () => Promise<void> } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: null, error: null });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async (isReload: boolean) => {
    const mine = ++generation.current;
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ok', data, error: null });
    } catch (error) {
      if (mine !== generation.current) return;
      // A failed reload keeps what is on screen; the caller's own error handling says what went wrong.
      setState((current) => (isReload && current.status === 'ok' ? current : { status: 'error', data: null, error }));
      if (isReload) throw error;
    }
  }, []);
  const reload = useCallback(() => run(true), [run]);

  useEffect(
    () => {
      setState({ status: 'loading', data: null, error: null });
      void run(false);
      return () => {
        generation.current++;
      };
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again.
    deps,
  );

  return { ...state, reload };
}
