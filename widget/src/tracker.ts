import { SCROLL_DEPTHS } from '../../shared/events';
import { guard } from './guard';

export type Emit = (type: string, props?: object) => void;

/** Links and buttons (`type` is a button's or an input's). */
const CLICKABLE = 'a,button,[role=button],[type=submit],[type=button]';

/**
 * Behavioural events of the host page: page views (SPA navigations too),
 * clicks on links and buttons (never what was typed) and scroll milestones.
 * The widget's own clicks are not the page's: out of its shadow root they
 * come from its host element, a plain `div` under `body`, so none matches.
 * Returns `pageView`, sent again when consent arrives later.
 */
export function startTracker(emit: Emit): () => void {
  let url = location.href;
  /** How many of the scroll depths this page has reached. */
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
      const el = (e.target as Element | null)?.closest?.(CLICKABLE);
      if (!el) return;
      // An input's text is its value: only its label is taken.
      const label = el instanceof HTMLInputElement ? el.getAttribute('aria-label') : el.textContent;
      const href = el instanceof HTMLAnchorElement && el.href.slice(0, 2048);
      emit('click', {
        tag: el.tagName, // the API lowercases it
        text: label?.replace(/\s+/g, ' ').trim().slice(0, 100) ?? '',
        ...(href && { href }),
      });
    }),
    // Capturing, so a page that stops the click still has it counted.
    true,
  );

  let frame = 0;
  addEventListener(
    'scroll',
    guard(() => {
      frame ||= requestAnimationFrame(
        guard(() => {
          frame = 0;
          // (The root's scrollHeight is at least the viewport's height.)
          const percent = ((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100;
          while (reached < SCROLL_DEPTHS.length && percent >= SCROLL_DEPTHS[reached]! - 1) emit('scroll', { depth: SCROLL_DEPTHS[reached++] });
        }),
      );
    }),
  );

  const again = () => pageView(document.referrer);
  again();
  return again;
}
