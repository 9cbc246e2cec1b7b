import { boot } from './core';
import { guard, warn } from './guard';
import { readTag } from './tag';

type ParleyFn = ((...args: unknown[]) => void) & { q?: Iterable<unknown>[]; loaded?: true };

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
    if (!tag) return warn('no data-site');
    // The stub's queue holds `arguments` objects, which spread as arrays do.
    const pending = [...(w.Parley?.q ?? [])] as unknown[][];
    let run: ((args: unknown[]) => void) | undefined;
    const parley: ParleyFn = guard((...args: unknown[]) => (run ? run(args) : pending.push(args)));
    parley.loaded = true;
    w.Parley = parley;

    const start = () =>
      boot(tag)
        .then((runner) => {
          run = runner;
          if (runner) for (const args of pending.splice(0)) parley(...args);
        })
        .catch(warn);
    const whenIdle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 50));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', whenIdle);
    else whenIdle();
  } catch (error) {
    warn(error);
  }
})();
