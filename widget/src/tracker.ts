import { SCROLL_DEPTHS } from '../../shared/events';
import { guard } from './guard';

export type Emit = (type: string, props?: Record<string, unknown>) => void;

const CLICKABLE = 'a,button,[role=button],input[type=submit],input[type=button]';

/**
 * Behavioural events of the host page: page views (SPA navigations too),
 * clicks on links and buttons (never what was typed) and scroll milestones.
 * `ownHost` is the widget, whose clicks are not the page's.
 * Returns `pageView`, sent again when consent arrives later.
 */
export function startTracker(emit: Emit, ownHost: Node): () => void {
  let url = location.href;
  let reached = 0;
  const pageView = (referrer: string) => {
    reached = 0;
    emit('page_view', { referrer: referrer.slice(0, 2048), title: document.title.slice(0, 300) });
  };
  const bare = (u: string) => u.split('#')[0];
  const navigated = guard(() => {
    const previous = url;
    url = location.href;
    if (bare(previous) !== bare(url)) pageView(previous);
  });
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  addEventListener('popstate', navigated);

  document.addEventListener(
    'click',
    guard((e: MouseEvent) => {
      if (e.composedPath().includes(ownHost)) return;
      const el = e.target instanceof Element ? e.target.closest(CLICKABLE) : null;
      if (!el) return;
      // An input's text is its value: only its label is taken.
      const label = el instanceof HTMLInputElement ? el.getAttribute('aria-label') : el.textContent;
      const href = el instanceof HTMLAnchorElement ? el.href : '';
      emit('click', {
        tag: el.tagName.toLowerCase(),
        text: (label ?? '').replace(/\s+/g, ' ').trim().slice(0, 100),
        ...(href ? { href: href.slice(0, 2048) } : {}),
      });
    }),
    { capture: true, passive: true },
  );

  let frame = 0;
  addEventListener(
    'scroll',
    guard(() => {
      frame ||= requestAnimationFrame(
        guard(() => {
          frame = 0;
          const doc = document.documentElement;
          const percent = ((scrollY + innerHeight) / Math.max(doc.scrollHeight, 1)) * 100;
          SCROLL_DEPTHS.forEach((depth, i) => {
            if (percent >= depth - 1 && !(reached & (1 << i))) {
              reached |= 1 << i;
              emit('scroll', { depth });
            }
          });
        }),
      );
    }),
    { passive: true },
  );

  const again = () => pageView(document.referrer);
  again();
  return again;
}
