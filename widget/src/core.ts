import { COLLECT_LIMITS } from '../../shared/events';
import type { ChatHost, HostConfig, MountChat, StartLive } from './chat-host';
import { guard, warn } from './guard';
import { newId } from './ids';
import { LABELS, resolveLocale } from './locale';
import { trackingRefused } from './privacy';
import { mountShell } from './shell';
import { createStore } from './state';
import type { TagOptions } from './tag';
import { startTracker } from './tracker';
import { createOutbox } from './transport';

export type Command = (...args: unknown[]) => void;

const FLUSH_MS = 2000;
const MAX_EVENTS = COLLECT_LIMITS.maxEvents;
const MAX_BATCH_CHARS = 60_000;

/**
 * Starts the widget once the page is idle: config, launcher, tracker,
 * outbox. Returns the runner of `Parley(cmd, ...args)` commands.
 */
export async function boot(tag: TagOptions): Promise<((args: unknown[]) => void) | undefined> {
  const { preview, site } = tag;
  const store = createStore(site, !preview);
  const net = createOutbox(tag.api, store, preview, () => fetchChat());
  /**
   * The tenant's config; `0` while the API cannot be reached (or answers
   * what is not JSON), undefined when it refuses the site. (A site key is
   * URL-safe; anything else is refused.)
   */
  const fetchConfig = async (): Promise<HostConfig | 0 | undefined> => {
    const res = await net.request(`/v1/widget/config?site=${site}`, undefined, undefined, 'GET');
    return !res || res.status >= 500 || res.status === 429 ? 0 : res.ok ? res.json().catch(() => 0) : warn('no widget config');
  };
  const first = await fetchConfig();
  if (first === undefined) return undefined;
  const refused = preview || trackingRefused();
  const required = () => tag.consentRequired || host.config.consentMode === 'required';
  const canTrack = () => !refused && (required() ? store.state.a === true : store.state.a !== false);

  let buffer: Record<string, unknown>[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    while (buffer.length) {
      let size = 0;
      let n = 0;
      // (The buffer never holds more than MAX_EVENTS.)
      while (n < buffer.length && (size += JSON.stringify(buffer[n]).length) < MAX_BATCH_CHARS) n++;
      const events = buffer.splice(0, n || 1);
      const { v, s } = store.state;
      net.send({ k: 'e', b: { site, visitorId: store.allowed ? v : undefined, sessionId: s, events } });
    }
  };
  const emit = (type: string, props?: object) => {
    if (!canTrack()) return;
    if (buffer.push({ id: newId('e'), type, ts: Date.now(), url: location.href.slice(0, 2048), ...props }) >= MAX_EVENTS) flush();
    else flushTimer ??= setTimeout(guard(flush), FLUSH_MS);
  };

  let render: ReturnType<MountChat> | undefined;
  let loading = false;
  const shell = mountShell((shown) => (shown ? close() : open()));
  /** The launcher as it is while the panel is not shown (the panel marks it open when it shows). */
  const closed = () => shell.setOpen(false, LABELS[host.locale]);

  // (Its locale is configure()'s, before anything reads it.)
  const host = {
    site,
    // With the API down the launcher still appears: no bot flow, and no tracking
    // (the tenant may require consent) until the config arrives.
    config: first || { name: location.hostname, consentMode: 'required', locale: 'auto', theme: {}, bots: [] },
    live: !!first,
    open,
    engage() {
      host.engaged = true;
      store.allow();
    },
    store,
    net,
    identified: [],
    newId,
    askAnalytics: () => host.live && !refused && required() && store.state.a === undefined,
    consent,
    forget,
    close,
    shell,
  } as Omit<ChatHost, 'locale'> as ChatHost;
  /** Applies the config; the locale stays once the panel of one language is loaded. */
  const configure = () => {
    const { config } = host;
    if (!loading && !render) host.locale = resolveLocale(tag.lang, config.locale, document.documentElement.lang, navigator.languages);
    shell.paint(config.theme);
    if (!render) closed();
    // Tenants with bots of their own: the panel (which picks the bot and watches its trigger) loads now.
    if (config.bots.some((b) => b.id !== 'settings')) fetchChat();
  };
  configure();

  /** `proactive`: the bot opened it, so nothing is stored or sent until the visitor acts in it. */
  function open(focus = true, proactive = false): void {
    store.state.o = true;
    if (!proactive) host.engage();
    if (render) render(true, focus);
    else fetchChat();
  }

  /** Loads the panel of the widget's language once. */
  function fetchChat(): void {
    if (loading || render) return;
    loading = true;
    // Failed (offline): the next open tries again.
    load(`chat${host.locale === 'en' ? '' : `.${host.locale}`}`).onerror = () => {
      loading = false;
    };
  }

  /** Adds one of the lazy bundles next to `parley.js` (scripts added so are async). */
  function load(name: string): HTMLScriptElement {
    const script = document.createElement('script');
    script.src = `${tag.base}${name}.js`;
    script.nonce = tag.nonce;
    return document.head.appendChild(script);
  }

  // Live chat only once there is a conversation to listen to; the bot flow needs none.
  let live = 0;
  const goLive = () => {
    if (store.state.c && !live) {
      live = 1;
      load('live');
    }
  };

  function close(): void {
    store.state.o = false;
    store.save();
    closed();
    render?.(false, false);
    shell.launcher.focus();
  }

  let pageView: (() => void) | undefined;
  /** Runs `change`; a page view follows when tracking became allowed by it. */
  const tracking = (change: () => void) => {
    const before = canTrack();
    change();
    if (!before && canTrack()) pageView?.();
  };
  function consent(choice: unknown): void {
    tracking(() => {
      const analytics = !!(choice as { analytics?: unknown } | undefined)?.analytics;
      store.state.a = analytics;
      if (analytics) store.allow();
      else store.save();
    });
  }

  /**
   * Erases everything local at once. The erasure through the API is the
   * panel bundle's (loaded for it): the token waits in the state (`x`, so
   * stored) until the API has taken it.
   */
  function forget(fromPanel?: boolean): void {
    const token = store.state.t ?? store.state.x;
    if (!fromPanel) {
      render?.(false, false);
      closed();
    }
    buffer = [];
    store.clear(token);
    // From the panel, it stays open to show the result (and the launcher closes it).
    store.state.o = fromPanel;
    if (token) fetchChat();
  }

  const commands: Record<string, Command> = {
    open: () => open(),
    close,
    consent,
    forget: () => forget(),
    identify: (fields) => void host.identified.push({ ...(fields as object) }),
    start: (botId) => {
      host.want = String(botId);
      open();
    },
    track: (name, props) => emit('custom', { name: String(name), ...((props && typeof props === 'object' && { props }) as object) }),
    _live: (start) => {
      if (live !== 1) return;
      live = 2;
      (start as StartLive)(tag.api, store);
    },
    _chat: (mount) => {
      // Only a function mounts (else it throws, caught by the guarded `Parley`).
      if (render) return;
      render = (mount as MountChat)(host);
      if (store.state.o) render(true, true);
    },
  };

  if (!refused) pageView = startTracker(emit);
  // Without the config, try again now and then.
  const retrying = first
    ? 0
    : setInterval(
        guard(async () => {
          const next = await fetchConfig();
          if (!next || host.live) return;
          clearInterval(retrying);
          tracking(() => {
            host.config = next;
            host.live = true;
            configure();
            store.notify();
          });
        }),
        15_000,
      );
  addEventListener(
    'pagehide',
    guard(() => {
      // Time on the page, since it began loading.
      emit('session_end', { duration: Math.round(performance.now()) });
      flush();
      net.flushOnHide();
    }),
  );
  document.addEventListener(
    'visibilitychange',
    guard(() => document.hidden && flush()),
  );
  // An erasure that has not reached the API yet.
  if (store.state.x) fetchChat();
  if (store.state.o) open(false);
  store.subscribe(goLive);
  goLive();
  void net.pump();

  return ([name, ...rest]) => commands[String(name)]?.(...rest);
}
