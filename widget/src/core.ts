import { COLLECT_LIMITS, LEAD_FIELDS } from '../../shared/events';
import type { WidgetConfig } from '../../shared/schemas/settings';
import type { ChatHost, MountChat } from './chat-host';
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
  de: { open: 'Chat öffnen', close: 'Chat schließen' },
} as const;

const FLUSH_MS = 2000;
const MAX_BATCH_CHARS = 60_000;

async function loadConfig(tag: TagOptions): Promise<WidgetConfig | undefined> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const res = await fetch(`${tag.api}/v1/widget/config?site=${encodeURIComponent(tag.site)}`, { credentials: 'omit' });
      if (res.ok) return (await res.json()) as WidgetConfig;
      if (res.status < 500 && res.status !== 429) break;
    } catch {
      // offline: try again
    }
    await new Promise((r) => setTimeout(r, 2000 * 2 ** attempt));
  }
  warn('no widget config');
  return undefined;
}

/**
 * Starts the widget once the page is idle: config, launcher, tracker,
 * outbox. Returns the runner of `Parley(cmd, ...args)` commands.
 */
export async function boot(tag: TagOptions, startedAt: number): Promise<((args: unknown[]) => void) | undefined> {
  const config = await loadConfig(tag);
  if (!config) return undefined;
  const store = new Store(tag.site);
  const transport = new Transport(tag.api, tag.site, store);
  const locale = resolveLocale(config.locale, navigator.languages ?? [navigator.language]);
  const refused = trackingRefused();
  const required = tag.consentRequired || config.consentMode === 'required';
  const canTrack = () => !refused && (required ? store.state.a === true : store.state.a !== false);
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
  const shell = mountShell(config.theme.color, config.theme.side, LABELS[locale], () => (store.state.o ? close() : open()));
  performance.mark?.('parley:ready');

  const chatHost: ChatHost = {
    config,
    locale,
    store,
    identified,
    send: (job) => transport.send(job),
    offline: () => transport.offline,
    askAnalytics: () => !refused && required && store.state.a === undefined,
    consent: (analytics) => consent({ analytics }),
    close: () => close(),
    adopt: shell.adopt,
  };

  function open(focus = true): void {
    store.state.o = true;
    store.allow();
    shell.setOpen(true);
    if (render) return render(true, focus);
    if (loading) return;
    loading = true;
    const script = document.createElement('script');
    script.src = tag.chatUrl;
    script.async = true;
    if (tag.nonce) script.nonce = tag.nonce;
    script.onerror = () => {
      loading = false;
      script.remove();
    };
    document.head.append(script);
  }

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

  async function forget(): Promise<void> {
    const token = store.state.c?.k ?? store.state.x;
    render?.(false, false);
    shell.setOpen(false);
    buffer = [];
    store.clear();
    if (token && !(await transport.erase(token))) store.clear(token);
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
    track: (name, props) => emit('custom', { name: String(name), ...(props && typeof props === 'object' ? { props } : {}) }),
    _chat: (mount) => {
      if (render || typeof mount !== 'function') return;
      render = (mount as MountChat)(chatHost, shell.frame);
      if (store.state.o) render(true, true);
    },
  };

  if (!refused) pageView = startTracker(emit, shell.host);
  addEventListener(
    'pagehide',
    guard(() => {
      emit('session_end', { duration: Math.max(0, Math.round(Date.now() - startedAt)) });
      flush();
      transport.flushOnHide();
    }),
  );
  document.addEventListener('visibilitychange', guard(() => document.visibilityState === 'hidden' && flush()));
  addEventListener('online', guard(transport.pump));
  if (store.state.x) void forget().catch(warn);
  if (store.state.o) open(false);
  void transport.pump();

  return (args) => {
    const [name, ...rest] = args;
    commands[String(name)]?.(...rest);
  };
}
