import { boot } from './core';
import { warn } from './guard';
import { readTag } from './tag';

type ParleyFn = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: true };

/**
 * `parley.js`: reads its tag and installs `window.Parley` at once; everything
 * else waits until the page is idle. Commands queued before (the stub's
 * `Parley.q`) or meanwhile run in order once the widget is up.
 */
(() => {
  try {
    const w = window as unknown as { Parley?: ParleyFn };
    if (w.Parley?.loaded) return;
    const tag = readTag(document.currentScript as HTMLScriptElement | null);
    if (!tag) return warn('the script tag needs data-site');
    const startedAt = Date.now();
    performance.mark?.('parley:start');
    const pending: unknown[][] = Array.from(w.Parley?.q ?? [], (args) => Array.from(args));
    let run: ((args: unknown[]) => void) | undefined;
    const parley: ParleyFn = (...args) => {
      try {
        if (run) run(args);
        else pending.push(args);
      } catch (error) {
        warn(error);
      }
    };
    parley.loaded = true;
    w.Parley = parley;

    const start = () =>
      boot(tag, startedAt)
        .then((runner) => {
          run = runner;
          if (runner) for (const args of pending.splice(0)) parley(...args);
        })
        .catch(warn);
    const whenIdle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 50));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', whenIdle, { once: true });
    else whenIdle();
  } catch (error) {
    warn(error);
  }
})();
