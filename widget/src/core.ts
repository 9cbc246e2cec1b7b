import { COLLECT_LIMITS, LEAD_FIELDS } from '../../shared/events';
import type { WidgetConfig } from '../../shared/schemas/settings';
import type { ChatHost, MountChat, StartLive } from './chat-host';
import { guard, warn } from './guard';
import { newId } from './ids';
import { resolveLocale } from './locale';
import { trackingRefused } from './privacy';
import { mountShell } from './shell';
import { Store } from './state';
import type { TagOptions } from './tag';
import { startTracker } from './tracker';
import { Transport } from './transport';

export type Command = (...args: unknown[]) => void;

const LABELS = {
  en: { open: 'Open chat', close: 'Close chat' },
  fi: { open: 'Avaa chat', close: 'Sulje chat' },
  sv: { open: 'Öppna chatten', close: 'Stäng chatten' },
  de: { open: 'Chat öffnen', close: 'Chat schließen' },
  fr: { open: 'Ouvrir le chat', close: 'Fermer le chat' },
  es: { open: 'Abrir chat', close: 'Cerrar chat' },
  ar: { open: 'فتح المحادثة', close: 'إغلاق المحادثة' },
} as const;

const FLUSH_MS = 2000;
const MAX_BATCH_CHARS = 60_000;

/** The tenant's config; `0` while the API cannot be reached, undefined when it refuses the site. */
async function fetchConfig(tag: TagOptions): Promise<WidgetConfig | 0 | undefined> {
  try {
    const res = await fetch(`${tag.api}/v1/widget/config?site=${encodeURIComponent(tag.site)}`, { credentials: 'omit' });
    if (res.ok) return (await res.json()) as WidgetConfig;
    if (res.status < 500 && res.status !== 429) {
      warn('no widget config');
      return undefined;
    }
  } catch {
    // offline or the API is down
  }
  return 0;
}

/**
 * Starts the widget once the page is idle: config, launcher, tracker,
 * outbox. Returns the runner of `Parley(cmd, ...args)` commands.
 */
export async function boot(tag: TagOptions, startedAt: number): Promise<((args: unknown[]) => void) | undefined> {
  const first = await fetchConfig(tag);
  if (first === undefined) return undefined;
  // With the API down the launcher still appears: no bot flow, and no tracking
  // (the tenant may require consent) until the config arrives.
  let config: WidgetConfig = first || {
    name: location.hostname,
    consentMode: 'required',
    locale: 'auto',
    theme: { color: '', side: 'right' },
    bot: { greeting: '', questions: [], consentText: '', thanks: '' },
    bots: [],
  };
  const { preview } = tag;
  const store = new Store(tag.site, !preview);
  const transport = new Transport(tag.api, tag.site, store, preview);
  const languages = navigator.languages ?? [navigator.language];
  const refused = preview || trackingRefused();
  const required = () => tag.consentRequired || config.consentMode === 'required';
  const canTrack = () => !refused && (required() ? store.state.a === true : store.state.a !== false);
  const identified: Record<string, string> = {};

  let buffer: Record<string, unknown>[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    while (buffer.length) {
      let size = 0;
      let n = 0;
      while (n < buffer.length && n < COLLECT_LIMITS.maxEvents && (size += JSON.stringify(buffer[n]).length) < MAX_BATCH_CHARS) n++;
      const events = buffer.splice(0, Math.max(n, 1));
      const { v, s } = store.state;
      transport.send({ k: 'e', b: { site: tag.site, ...(store.allowed ? { visitorId: v } : {}), sessionId: s, events } });
    }
  };
  const emit = (type: string, props: Record<string, unknown> = {}) => {
    if (!canTrack()) return;
    buffer.push({ id: newId('e'), type, ts: Date.now(), url: location.href.slice(0, 2048), ...props });
    if (buffer.length >= COLLECT_LIMITS.maxEvents) flush();
    else flushTimer ??= setTimeout(guard(flush), FLUSH_MS);
  };

  let render: ReturnType<MountChat> | undefined;
  let loading = false;
  const shell = mountShell(
    () => LABELS[chatHost.locale],
    () => (store.state.o ? close() : open()),
  );

  const chatHost: ChatHost = {
    config,
    live: !!first,
    locale: 'en',
    bot: undefined,
    open: (focus, proactive) => open(focus, proactive),
    returning: () => !!store.state.rv,
    engaged: false,
    engage: () => {
      chatHost.engaged = true;
      store.allow();
    },
    store,
    identified,
    send: (job) => transport.send(job),
    newId,
    offline: () => (chatHost.live ? transport.offline : 'api'),
    askAnalytics: () => chatHost.live && !refused && required() && store.state.a === undefined,
    consent: (analytics) => consent({ analytics }),
    forget: () => forget(true),
    close: () => close(),
    adopt: shell.adopt,
  };
  /** Applies the config; the locale stays once the panel of one language is loaded. */
  const configure = () => {
    chatHost.config = config;
    if (!loading && !render) chatHost.locale = resolveLocale(tag.lang, config.locale, document.documentElement.lang, languages);
    shell.frame.dir = chatHost.locale === 'ar' ? 'rtl' : 'ltr';
    shell.paint(config.theme.color, config.theme.side);
    shell.setOpen(!!store.state.o);
    // Tenants with bots of their own: the panel (which picks the bot and watches its trigger) loads now.
    if (config.bots.some((b) => b.id !== 'settings')) fetchChat();
  };
  configure();
  performance.mark?.('parley:ready');

  /** `proactive`: the bot opened it, so nothing is stored or sent until the visitor acts in it. */
  function open(focus = true, proactive = false): void {
    store.state.o = true;
    if (!proactive) chatHost.engage();
    shell.setOpen(true);
    if (render) return render(true, focus);
    fetchChat();
  }

  /** Loads the panel of the widget's language once. */
  function fetchChat(): void {
    if (loading || render) return;
    loading = true;
    const script = load(`chat${chatHost.locale === 'en' ? '' : `.${chatHost.locale}`}`);
    script.onerror = () => {
      loading = false;
      script.remove();
    };
  }

  /** Adds one of the lazy bundles next to `parley.js` (scripts added so are async). */
  function load(name: string): HTMLScriptElement {
    const script = document.createElement('script');
    script.src = `${tag.base}${name}.js`;
    script.nonce = tag.nonce;
    document.head.append(script);
    return script;
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
    shell.setOpen(false);
    render?.(false, false);
    shell.launcher.focus();
  }

  let pageView: (() => void) | undefined;
  function consent(choice: unknown): void {
    const analytics = !!(choice as { analytics?: unknown } | undefined)?.analytics;
    const before = canTrack();
    store.state.a = analytics;
    if (analytics) store.allow();
    else store.save();
    if (!before && canTrack()) pageView?.();
  }

  /** Erases locally at once and through the API; false while the erasure waits for the API. */
  async function forget(fromPanel = false): Promise<boolean> {
    const token = store.state.t ?? store.state.x;
    if (!fromPanel) {
      render?.(false, false);
      shell.setOpen(false);
    }
    buffer = [];
    store.clear();
    // From the panel, it stays open to show the result (and the launcher closes it).
    store.state.o = fromPanel;
    if (token && !(await transport.erase(token))) {
      store.clear(token);
      store.state.o = fromPanel;
      return false;
    }
    return true;
  }

  const commands: Record<string, Command> = {
    open: () => open(),
    close,
    consent,
    forget: () => void forget().catch(warn),
    identify: (fields) => {
      for (const name of LEAD_FIELDS) {
        const value = (fields as Record<string, unknown> | undefined)?.[name];
        if (typeof value === 'string') identified[name] = value.slice(0, 300);
      }
    },
    start: (botId) => {
      chatHost.want = String(botId);
      open();
    },
    track: (name, props) => emit('custom', { name: String(name), ...(props && typeof props === 'object' ? { props } : {}) }),
    _live: (start) => {
      if (live !== 1) return;
      live = 2;
      (start as StartLive)(tag.api, store);
    },
    _chat: (mount) => {
      if (render || typeof mount !== 'function') return;
      render = (mount as MountChat)(chatHost, shell.frame);
      if (store.state.o) render(true, true);
    },
  };

  if (!refused) pageView = startTracker(emit, shell.host);
  // Without the config, try again now and then.
  const retryConfig = async () => {
    const next = !chatHost.live && (await fetchConfig(tag));
    if (!next || chatHost.live) return;
    clearInterval(retrying);
    const before = canTrack();
    config = next;
    chatHost.live = true;
    configure();
    store.notify();
    if (!before && canTrack()) pageView?.();
  };
  const retrying = first ? 0 : setInterval(guard(retryConfig), 15_000);
  addEventListener(
    'pagehide',
    guard(() => {
      emit('session_end', { duration: Math.max(0, Math.round(Date.now() - startedAt)) });
      flush();
      transport.flushOnHide();
    }),
  );
  document.addEventListener(
    'visibilitychange',
    guard(() => document.visibilityState === 'hidden' && flush()),
  );
  addEventListener('online', guard(transport.pump));
  if (store.state.x) void forget().catch(warn);
  if (store.state.o) open(false);
  store.subscribe(goLive);
  goLive();
  void transport.pump();

  return (args) => {
    const [name, ...rest] = args;
    commands[String(name)]?.(...rest);
  };
}
