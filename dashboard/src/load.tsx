import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; data: T };

/**
 * Runs a load whenever `deps` change, or when retried; a late answer for
 * older deps is dropped so a slow request never overwrites a newer one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void, (data: T) => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState({ status: 'loading' });
    load().then(
      (data) => run === latest.current && setState({ status: 'ready', data }),
      (error: unknown) => run === latest.current && setState({ status: 'failed', error }),
    );
  }, [...deps, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return [state, retry, replace];
}

/** A failed load, said as such (never as an empty list), with a way to try again. */
export function LoadFailed({ what, onRetry }: { what: string; onRetry: () => void }) {
  return (
    <div role="alert" class="load-failed">
      <p>Could not load {what}. Check your connection and try again.</p>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function Loading() {
  return <p aria-busy="true">Loading…</p>;
}
