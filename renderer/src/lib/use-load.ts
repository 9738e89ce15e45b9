import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` on mount and on `reload()`; an answer that arrives after a newer request is ignored. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/use-memo, react-hooks/exhaustive-deps -- because the caller lists what its `load` reads, as a useEffect caller would
  const run = useCallback(load, deps);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [run]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- because loading on mount is this hook's job; reload() marks the state loading first
    reload();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- because bumping the live counter is the point: it voids the answer still on its way
      generation.current++;
    };
  }, [reload]);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}
