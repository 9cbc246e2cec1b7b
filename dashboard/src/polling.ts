import { useEffect, useRef } from 'preact/hooks';

/**
 * Runs `tick` every `everyMs` while the page is visible, and at once when it
 * becomes visible again. While hidden it waits `hiddenMs` between ticks, or
 * stops when that is undefined: a background tab should not keep asking.
 * The next tick is timed from the end of the last, so a slow answer never
 * stacks requests.
 */
export function usePolling(tick: () => Promise<unknown>, everyMs: number, hiddenMs?: number, enabled = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let running = false;
    const schedule = () => {
      clearTimeout(timer);
      const wait = document.visibilityState === 'hidden' ? hiddenMs : everyMs;
      if (!stopped && wait !== undefined) timer = setTimeout(run, wait);
    };
    const run = () => {
      if (running || stopped) return;
      running = true;
      latest
        .current()
        .catch(() => undefined)
        .finally(() => {
          running = false;
          schedule();
        });
    };
    const onVisibility = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'visible') run();
      else schedule();
    };
    schedule();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [everyMs, hiddenMs, enabled]);
}
