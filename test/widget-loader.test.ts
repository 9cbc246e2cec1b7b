// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableJavaScriptFileLoading":true,"handleDisabledFileLoadingAsSuccess":true}}
import { cleanup, fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountChat } from '../widget/src/chat/panel';
import { startLive } from '../widget/src/live';
import { API, CONFIG, TOKEN, fakeApi } from './widget-fake-api';

type ParleyStub = ((...args: unknown[]) => void) & { q?: IArguments[] };
const win = window as unknown as { Parley?: ParleyStub };
const parley = (...args: unknown[]) => win.Parley?.(...args);

let api: ReturnType<typeof fakeApi>;
// Widgets of earlier tests live on in this window: each test has its own site
// key and looks only at its own requests and storage.
let SITE = '';
let sites = 0;
const sent = (path: string) => api.to(path).filter((r) => r.path !== '/v1/collect' || r.body?.site === SITE);

/** The host page: the stub (optional), commands queued before load, then the tag. */
async function loadWidget(options: { consent?: 'required'; preview?: boolean; queued?: unknown[][] } = {}) {
  win.Parley = function (this: unknown) {
    // biome-ignore lint: the documented stub keeps the arguments object
    (win.Parley!.q ??= []).push(arguments);
  } as ParleyStub;
  for (const args of options.queued ?? []) parley(...args);
  const tag = document.createElement('script');
  tag.type = 'text/x-parley-test';
  tag.src = 'https://cdn.parley.test/parley.js';
  tag.dataset.site = SITE;
  tag.dataset.api = API;
  if (options.consent) tag.dataset.consent = options.consent;
  if (options.preview) tag.dataset.preview = '1';
  document.body.append(tag);
  await import('../widget/src/loader');
  await waitFor(() => expect(document.querySelector('[data-parley]')).toBeTruthy());
  const root = document.querySelector('[data-parley]')!.shadowRoot!;
  return { root, widget: within(root as unknown as HTMLElement) };
}

/** Hands over the chat bundle as `parley-chat.js` would once loaded. */
const chatBundleLoaded = () => parley('_chat', mountChat);
const pagehide = () => window.dispatchEvent(new Event('pagehide'));
/** `parley-live.js` tags in the page (those of earlier tests' widgets included). */
const liveScripts = () => document.head.querySelectorAll('script[src="https://cdn.parley.test/parley-live.js"]').length;
const ours = () => Object.keys(localStorage).filter((k) => k === `parley:${SITE}`);

beforeEach(() => {
  vi.resetModules();
  localStorage.clear();
  document.body.innerHTML = '';
  delete win.Parley;
  api = fakeApi();
  SITE = `ps_abcdefghijklmnop_WIDGET${String(++sites).padStart(4, '0')}`;
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
  vi.unstubAllGlobals();
});

describe('parley.js on the host page', () => {
  it('sends events without a visitor id and stores nothing until the chat opens; then runs queued commands', async () => {
    const { widget } = await loadWidget();
    const launcher = widget.getByRole('button', { name: 'Open chat' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    pagehide();
    await waitFor(() => expect(sent('/v1/collect')).toHaveLength(1));
    const [batch] = sent('/v1/collect');
    expect(batch?.keepalive).toBe(true);
    expect(batch?.body).not.toHaveProperty('visitorId');
    expect((batch!.body!.events as { type: string }[]).map((e) => e.type)).toEqual(['page_view', 'session_end']);
    expect(ours()).toEqual([]);
    expect(document.cookie).toBe('');

    parley('identify', { firstName: 'Aino', email: 42 });
    parley('open');
    await waitFor(() => expect(document.head.querySelector('script[src="https://cdn.parley.test/parley-chat.js"]')).toBeTruthy());
    expect(ours()).toEqual([`parley:${SITE}`]);
    chatBundleLoaded();
    const dialog = await waitFor(() => widget.getByRole('dialog', { name: CONFIG.name }));
    const log = within(within(dialog).getByRole('log'));
    expect(log.queryByText('What is your first name?')).toBeNull();
    expect(log.getByText('Which email can we reach you at?')).toBeTruthy();
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');

    parley('track', 'pricing_viewed', { plan: 'team' });
    pagehide();
    await waitFor(() => expect(sent('/v1/collect').some((r) => r.body?.visitorId)).toBe(true));
    const withId = sent('/v1/collect').find((r) => r.body?.visitorId);
    expect(withId?.body?.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'custom', name: 'pricing_viewed', props: { plan: 'team' } })]),
    );
  });

  it('runs commands queued in the stub before the script loaded; the launcher says "open" once the panel shows', async () => {
    const { widget } = await loadWidget({ queued: [['open']] });
    await waitFor(() => expect(document.head.querySelector('script[src$="parley-chat.js"]')).toBeTruthy());
    // Until the panel is there, the launcher still offers to open it.
    expect(widget.getByRole('button', { name: 'Open chat' }).getAttribute('aria-expanded')).toBe('false');
    chatBundleLoaded();
    await waitFor(() => widget.getByRole('dialog'));
    expect(
      widget
        .getAllByRole('button', { name: 'Close chat' })
        .find((b) => b.hasAttribute('aria-expanded'))
        ?.getAttribute('aria-expanded'),
    ).toBe('true');
  });

  it('with data-consent="required" sends no behavioural event until consent, then one with a stored visitor id', async () => {
    await loadWidget({ consent: 'required' });
    parley('track', 'before_consent');
    pagehide();
    await new Promise((r) => setTimeout(r, 50));
    expect(sent('/v1/collect')).toEqual([]);
    expect(ours()).toEqual([]);

    parley('consent', { analytics: true });
    expect(ours()).toEqual([`parley:${SITE}`]);
    pagehide();
    await waitFor(() => expect(sent('/v1/collect')).toHaveLength(1));
    const body = sent('/v1/collect')[0]?.body;
    expect(body?.visitorId).toMatch(/^v_/);
    expect((body!.events as { type: string; name?: string }[]).map((e) => e.name ?? e.type)).toEqual(['page_view', 'session_end']);
  });

  it('under Global Privacy Control sends no behavioural event at all, while the chat still works', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const { widget } = await loadWidget();
      parley('track', 'anything');
      parley('open');
      chatBundleLoaded();
      await waitFor(() => widget.getByRole('dialog'));
      pagehide();
      await waitFor(() => expect(sent('messages').length).toBeGreaterThan(0));
      expect(sent('/v1/collect')).toEqual([]);
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('forget() erases through the API with the visitor token and clears local state', async () => {
    const { widget } = await loadWidget();
    parley('open');
    chatBundleLoaded();
    await waitFor(() => expect(sent('messages').length).toBeGreaterThan(1));
    expect(ours()).toHaveLength(1);

    parley('forget');
    await waitFor(() => expect(sent('/v1/visitors/me')).toHaveLength(1));
    const [erase] = sent('/v1/visitors/me');
    expect(erase).toMatchObject({ method: 'DELETE', headers: { 'X-Parley-Visitor': TOKEN } });
    // The token waits in storage until the API has taken the erasure.
    await waitFor(() => expect(ours()).toEqual([]));
    expect(widget.queryByRole('dialog')).toBeNull();
    expect(widget.getByRole('button', { name: 'Open chat' })).toBeTruthy();
  });

  it('the panel\'s own "Forget me" takes the same path, keeps the panel open with the result, and the launcher closes it', async () => {
    const { widget } = await loadWidget();
    parley('open');
    chatBundleLoaded();
    await waitFor(() => expect(sent('messages').length).toBeGreaterThan(1));
    const dialog = widget.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Forget me' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase my data' }));
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('Your data has been erased.'));
    expect(sent('/v1/visitors/me')).toEqual([expect.objectContaining({ method: 'DELETE', headers: { 'X-Parley-Visitor': TOKEN } })]);
    expect(ours()).toEqual([]);
    const launcher = widget.getAllByRole('button', { name: 'Close chat' }).find((b) => b.hasAttribute('aria-expanded'));
    fireEvent.click(launcher!);
    expect(widget.queryByRole('dialog')).toBeNull();
    expect(launcher?.getAttribute('aria-expanded')).toBe('false');
    expect(ours()).toEqual([]);
  });

  it('forget() before the panel ever loaded clears at once, keeps the token until the panel bundle (loaded for it) erases through the API', async () => {
    const stored = { v: 'v_storedVisitor00001', k: 'k'.repeat(43), t: TOKEN, s: 's_storedSession00001', seen: Date.now(), c: 'c_conversation1' };
    localStorage.setItem(`parley:${SITE}`, JSON.stringify({ ...stored, m: [], step: 2, f: {}, ans: [], q: [] }));
    await loadWidget();
    parley('forget');
    const kept = JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}');
    expect(kept).toMatchObject({ x: TOKEN, m: [], q: [] });
    expect(kept.v).not.toBe(stored.v);
    expect(kept).not.toHaveProperty('c');
    await waitFor(() => expect(document.head.querySelector('script[src$="parley-chat.js"]')).toBeTruthy());
    expect(sent('/v1/visitors/me')).toEqual([]);
    chatBundleLoaded();
    await waitFor(() => expect(sent('/v1/visitors/me')).toEqual([expect.objectContaining({ method: 'DELETE', headers: { 'X-Parley-Visitor': TOKEN } })]));
    await waitFor(() => expect(ours()).toEqual([]));
  });

  it('with the API down at page load still shows the launcher, opens, queues what the visitor writes, and picks the flow up later', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    api.offline = true;
    const { widget } = await loadWidget();
    parley('open');
    await waitFor(() => expect(document.head.querySelector('script[src="https://cdn.parley.test/parley-chat.js"]')).toBeTruthy());
    chatBundleLoaded();
    const dialog = await waitFor(() => widget.getByRole('dialog'));
    expect(within(dialog).getByRole('status').textContent).toBe('Our chat service cannot be reached right now. Your messages will be sent when it is back.');
    const input = within(dialog).getByRole('textbox');
    fireEvent.input(input, { target: { value: 'Is anyone there?' } });
    fireEvent.submit(input.closest('form')!);
    expect(within(dialog).getByRole('log').textContent).toContain('Is anyone there?');
    expect(JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}').q).toHaveLength(1);

    api.offline = false;
    // The config is fetched again on a 15-second interval; Testing Library polls with real timers.
    vi.advanceTimersByTime(15_000);
    vi.useRealTimers();
    await waitFor(() => expect(within(dialog).getByRole('log').textContent).toContain('What is your first name?'));
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(sent('messages').map((m) => m.body?.text)).toEqual(['Is anyone there?', CONFIG.bot.greeting, 'What is your first name?']));
    expect(within(dialog).queryByRole('status')).toBeNull();
  });

  it('loads parley-live.js once a conversation exists and starts it once; replies from the team appear in the panel', async () => {
    const sockets: { url: string; onmessage: ((e: { data: string }) => void) | null }[] = [];
    vi.stubGlobal(
      'WebSocket',
      class {
        onmessage = null;
        constructor(readonly url: string) {
          sockets.push(this);
        }
        close() {}
      },
    );
    const before = liveScripts();
    const { widget } = await loadWidget();
    pagehide();
    await waitFor(() => expect(sent('/v1/collect')).toHaveLength(1));
    // No conversation yet: the bot flow and the tracker need no socket.
    expect(liveScripts()).toBe(before);

    parley('open');
    chatBundleLoaded();
    await waitFor(() => expect(sent('/v1/conversations')).toHaveLength(1));
    await waitFor(() => expect(liveScripts()).toBe(before + 1));
    parley('_live', startLive);
    parley('_live', startLive);
    expect(sockets.map((s) => s.url)).toEqual([`wss://api.parley.test/v1/live?token=${encodeURIComponent(TOKEN)}`]);

    const message = { id: 'm_agent1', author: 'agent', text: 'Hi, Anna here.', ts: new Date().toISOString(), seq: 9, name: 'Anna' };
    sockets[0]?.onmessage?.({ data: JSON.stringify({ type: 'message', conversationId: 'c_conversation1', message }) });
    const log = within(widget.getByRole('log'));
    await waitFor(() => expect(log.getByText('Hi, Anna here.')).toBeTruthy());
    expect(log.getByText('Anna:')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}').sq).toBe(9);
    expect(liveScripts()).toBe(before + 1);
  });

  it('in preview (data-preview="1") runs the whole flow but sends nothing that stores data and writes no storage', async () => {
    const before = liveScripts();
    const { widget } = await loadWidget({ preview: true });
    parley('track', 'anything');
    parley('open');
    chatBundleLoaded();
    const dialog = await waitFor(() => widget.getByRole('dialog', { name: CONFIG.name }));
    const answer = (text: string) => {
      const input = within(dialog).getByRole('textbox');
      fireEvent.input(input, { target: { value: text } });
      fireEvent.submit(input.closest('form')!);
    };
    answer('Aino');
    answer('aino@example.com');
    answer('Example Oy');
    answer('A quote');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, please' }));
    expect(within(dialog).getByRole('log').textContent).toContain(CONFIG.bot.thanks);
    await waitFor(() => expect(within(dialog).queryByText('Sending…')).toBeNull());
    parley('forget');
    pagehide();
    await new Promise((r) => setTimeout(r, 50));
    expect(api.requests.filter((r) => r.method !== 'GET' && (r.path !== '/v1/collect' || r.body?.site === SITE))).toEqual([]);
    expect(api.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toContain('/v1/widget/config');
    expect(ours()).toEqual([]);
    expect(document.cookie).toBe('');
    expect(liveScripts()).toBe(before);
  });
});
