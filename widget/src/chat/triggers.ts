import type { Trigger } from '../../../shared/schemas/bots';
import { guard } from '../guard';

/** Whether a trigger names any condition; without one a bot opens only from the launcher or the SDK. */
export const proactive = (t: Trigger) => t.afterSeconds !== undefined || t.scrollPercent !== undefined || t.exitIntent || t.inactivitySeconds !== undefined;

/**
 * Watches the page for a bot's trigger: time on page, scroll depth, exit
 * intent (the pointer leaves through the top, desktop only), inactivity.
 * `any` fires on the first condition met, `all` once each has been met.
 * Fires at most once; returns a function that stops watching.
 */
export function watchTrigger(t: Trigger, fire: () => void): () => void {
  const stops: (() => void)[] = [];
  const stop = () => {
    for (const s of stops.splice(0)) s();
  };
  let wanted = 0;
  let met = 0;
  const hit = (bit: number) => {
    met |= bit;
    if (t.combine === 'all' ? met === wanted : met) {
      stop();
      fire();
    }
  };
  const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
    const listener = guard(fn);
    target.addEventListener(type, listener, { passive: true });
    stops.push(() => target.removeEventListener(type, listener));
  };
  const later = (ms: number, bit: number) => {
    const timer = setTimeout(() => hit(bit), ms);
    return () => clearTimeout(timer);
  };
  if (t.afterSeconds !== undefined) {
    wanted |= 1;
    stops.push(later(t.afterSeconds * 1000, 1));
  }
  if (t.scrollPercent !== undefined) {
    wanted |= 2;
    const depth = t.scrollPercent;
    on(window, 'scroll', () => {
      const doc = document.documentElement;
      if (((scrollY + innerHeight) / Math.max(doc.scrollHeight, 1)) * 100 >= depth) hit(2);
    });
  }
  if (t.exitIntent && matchMedia('(pointer:fine)').matches) {
    wanted |= 4;
    on(document, 'mouseout', (e) => !(e as MouseEvent).relatedTarget && (e as MouseEvent).clientY <= 0 && hit(4));
  }
  if (t.inactivitySeconds !== undefined) {
    wanted |= 8;
    const ms = t.inactivitySeconds * 1000;
    let cancel = later(ms, 8);
    stops.push(() => cancel());
    for (const type of ['mousemove', 'keydown', 'scroll', 'touchstart'])
      on(window, type, () => {
        if (met & 8) return;
        cancel();
        cancel = later(ms, 8);
      });
  }
  return stop;
}
