// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLive } from '../widget/src/live';
import { type Store, createStore } from '../widget/src/state';
import { API, CONFIG, SITE, type StoredMessage, TOKEN, fakeApi } from './widget-fake-api';
import { mountPanel, panelHost, unmountPanels as cleanup } from './widget-host';

const CONVERSATION = 'c_conversation1';

/** A WebSocket the test drives: the API accepting it, sending frames, closing it. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  readyState = 0;
  /** Frames the widget sent, parsed. */
  sent: Record<string, unknown>[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.closed = true;
    queueMicrotask(() => this.onclose?.());
  }
  accept(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  /** Any other frame of the API's (typing, seen, status). */
  frame(f: Record<string, unknown>): void {
    act(() => this.onmessage?.({ data: JSON.stringify({ conversationId: CONVERSATION, ...f }) }));
  }
  /** One frame, rendered before the test looks. */
  push(message: StoredMessage, conversationId = CONVERSATION): void {
    act(() => this.onmessage?.({ data: JSON.stringify({ type: 'message', conversationId, message }) }));
  }
  /** Closed by the API (idle, lifetime) or never opened (refused, blocked). */
  drop(): void {
    this.closed = true;
    this.onclose?.();
  }
}
const sockets = () => FakeSocket.all;
const lastSocket = () => FakeSocket.all[FakeSocket.all.length - 1]!;

let api: ReturnType<typeof fakeApi>;
const stores: Store[] = [];

/** The panel after the bot flow, its conversation started, as the launcher hosts it. */
async function conversation(store = createStore(SITE)) {
  store.allow();
  stores.push(store);
  store.state.step = CONFIG.bot.questions.length + 1;
  mountPanel(panelHost(store), false);
  if (!store.state.c) {
    const input = screen.getByRole('textbox');
    fireEvent.input(input, { target: { value: 'Do you ship to Finland?' } });
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(store.state.q).toEqual([]));
  }
  return { store, log: () => within(screen.getByRole('log')) };
}

beforeEach(() => {
  localStorage.clear();
  api = fakeApi();
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  // The jitter halfway: each wait is three quarters of the backoff's upper bound.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  cleanup();
  for (const store of stores.splice(0)) {
    store.state.q = [];
    // Ends each test's live connection: no token, nothing to listen to.
    store.clear();
  }
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('live chat in the widget', () => {
  it("shows a reply from the team once, with the agent's name, whether it comes by resync, by a frame or by the same frame twice", async () => {
    const { store, log } = await conversation();
    startLive(API, store);
    expect(sockets()).toHaveLength(1);
    expect(lastSocket().url).toBe(`wss://api.parley.test/v1/live?token=${encodeURIComponent(TOKEN)}`);

    // Stored by the API before the socket opened: the resync on open brings it.
    const first = api.reply('Hi, Anna here. Yes, we ship to Finland.');
    lastSocket().accept();
    await waitFor(() => expect(log().getByText('Hi, Anna here. Yes, we ship to Finland.')).toBeTruthy());
    expect(api.to('resync')).toEqual([
      expect.objectContaining({ path: `/v1/conversations/${CONVERSATION}/messages`, query: { after: '0' }, headers: { 'X-Parley-Visitor': TOKEN } }),
    ]);
    // The resync also returned the visitor's own message: still shown once.
    expect(log().getAllByText('Do you ship to Finland?')).toHaveLength(1);

    lastSocket().push(first);
    lastSocket().push(first);
    const second = api.reply('Shipping takes three days.');
    lastSocket().push(second);
    lastSocket().push(second);
    expect(log().getAllByText('Hi, Anna here. Yes, we ship to Finland.')).toHaveLength(1);
    expect(log().getAllByText('Shipping takes three days.')).toHaveLength(1);
    // Named for sighted visitors and for screen readers, in the log that announces new messages.
    const bubble = log().getByText('Shipping takes three days.');
    expect(within(bubble).getByText('Anna')).toBeTruthy();
    expect(within(bubble).getByText('Anna:')).toBeTruthy();
    expect(screen.getByRole('log').getAttribute('aria-live')).toBe('polite');
    // The notice after the visitor's message gives way to the reply.
    expect(log().queryByText('Thanks — the team will reply here or by email.')).toBeNull();

    // A frame of another conversation of the same visitor is not this panel's.
    lastSocket().push({ ...second, id: 'm_elsewhere', text: 'Elsewhere' }, 'c_other');
    expect(log().queryByText('Elsewhere')).toBeNull();
    expect(store.state.m.filter((m) => m.a === 'agent').map((m) => [m.t, m.n])).toEqual([
      ['Hi, Anna here. Yes, we ship to Finland.', 'Anna'],
      ['Shipping takes three days.', 'Anna'],
    ]);
  });

  it('after a close reconnects with jittered exponential backoff, and resyncs from the highest sequence number seen', async () => {
    const { store, log } = await conversation();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    startLive(API, store);
    lastSocket().accept();
    await vi.waitFor(() => expect(store.state.sq).toBe(1));
    const first = api.reply('Hello from Anna.');
    lastSocket().push(first);
    expect(log().getByText('Hello from Anna.')).toBeTruthy();

    // The API closes the socket (idle or lifetime): back within a second, then within two, as long as opens fail.
    lastSocket().drop();
    await vi.advanceTimersByTimeAsync(749);
    expect(sockets()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets()).toHaveLength(2);
    lastSocket().drop();
    await vi.advanceTimersByTimeAsync(1499);
    expect(sockets()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets()).toHaveLength(3);

    // The team replies while the widget is disconnected; no frame reaches it.
    const missed = api.reply('Are you still there?');
    expect(log().queryByText('Are you still there?')).toBeNull();
    lastSocket().accept();
    await vi.waitFor(() => expect(log().getAllByText('Are you still there?')).toHaveLength(1));
    expect(api.to('resync').at(-1)?.query).toEqual({ after: String(first.seq) });
    expect(store.state.sq).toBe(missed.seq);

    // An open resets the backoff; failed opens double it up to its cap of 30 seconds (less the jitter).
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = sockets().length;
      lastSocket().drop();
      let waited = 0;
      while (sockets().length === before) {
        await vi.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([750, 1500, 3000, 6000, 12_000, 22_500, 22_500]);
    expect(
      sockets()
        .slice(0, -1)
        .every((s) => s.closed),
    ).toBe(true);
  });

  it('polls for replies when the socket never opens (a proxy blocks it), less often while the tab is hidden', async () => {
    const { store, log } = await conversation();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    startLive(API, store);
    lastSocket().drop();
    await vi.advanceTimersByTimeAsync(750);
    lastSocket().drop();
    await vi.advanceTimersByTimeAsync(1500);
    expect(sockets()).toHaveLength(3);
    expect(api.to('resync')).toEqual([]);
    // The third failed open: polling from now on, no more sockets.
    lastSocket().drop();
    await vi.waitFor(() => expect(api.to('resync')).toHaveLength(1));
    expect(sockets()).toHaveLength(3);

    const reply = api.reply('We ship worldwide.');
    await vi.advanceTimersByTimeAsync(4000);
    expect(api.to('resync')).toHaveLength(2);
    expect(api.to('resync')[1]?.query).toEqual({ after: String(reply.seq - 1) });
    await vi.waitFor(() => expect(log().getAllByText('We ship worldwide.')).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(4000);
    expect(api.to('resync')[2]?.query).toEqual({ after: String(reply.seq) });
    expect(log().getAllByText('We ship worldwide.')).toHaveLength(1);

    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    await vi.advanceTimersByTimeAsync(4000);
    const whileHidden = api.to('resync').length;
    await vi.advanceTimersByTimeAsync(50_000);
    expect(api.to('resync')).toHaveLength(whileHidden);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.to('resync')).toHaveLength(whileHidden + 1);
    expect(sockets()).toHaveLength(3);
  });

  it('keeps the highest sequence number with the stored state, so a reload resyncs after it and shows nothing twice', async () => {
    const { store, log } = await conversation();
    startLive(API, store);
    lastSocket().accept();
    const reply = api.reply('We ship to Finland.');
    lastSocket().push(reply);
    expect(log().getByText('We ship to Finland.')).toBeTruthy();
    await waitFor(() => expect(api.to('resync')).toHaveLength(1));
    expect(JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}').sq).toBe(reply.seq);

    // The next page: the state comes back from storage.
    cleanup();
    const later = api.reply('Anything else?');
    const next = await conversation(createStore(SITE));
    startLive(API, next.store);
    lastSocket().accept();
    await waitFor(() => expect(next.log().getByText('Anything else?')).toBeTruthy());
    expect(api.to('resync').at(-1)?.query).toEqual({ after: String(reply.seq) });
    expect(next.log().getAllByText('We ship to Finland.')).toHaveLength(1);
    expect(next.store.state.sq).toBe(later.seq);
  });

  it('keeps whatever goes wrong inside the widget: a garbled frame, a broken resync answer, the API down', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { store, log } = await conversation();
    let broken = true;
    api.answer = (r) => (r.method === 'GET' && broken ? new Response('<html>proxy error</html>', { status: 200 }) : undefined);
    startLive(API, store);
    lastSocket().accept();
    await waitFor(() => expect(api.to('resync')).toHaveLength(1));
    act(() => lastSocket().onmessage?.({ data: 'not json' }));
    expect(warn).toHaveBeenCalled();
    api.offline = true;
    lastSocket().drop();
    await waitFor(() => expect(sockets()).toHaveLength(2), { timeout: 2000 });
    // Back: the next open brings what the broken answers did not.
    api.offline = false;
    broken = false;
    const reply = api.reply('Sorry for the wait.');
    lastSocket().accept();
    await waitFor(() => expect(log().getByText('Sorry for the wait.')).toBeTruthy());
    expect(store.state.sq).toBe(reply.seq);
  });

  it('follows the visitor token: a new conversation reconnects with its token, and after "Forget me" the socket closes', async () => {
    const { store } = await conversation();
    startLive(API, store);
    const first = lastSocket();
    first.accept();

    store.state.c = 'c_conversation2';
    store.state.t = 'pv2.tenant.visitor.nonce.k1.other';
    store.save();
    expect(first.closed).toBe(true);
    expect(lastSocket().url).toBe(`wss://api.parley.test/v1/live?token=${encodeURIComponent('pv2.tenant.visitor.nonce.k1.other')}`);

    const second = lastSocket();
    store.clear();
    await Promise.resolve();
    expect(second.closed).toBe(true);
    expect(sockets()).toHaveLength(2);
  });

  it('says honestly who is there, shows the team typing and "Seen", and tells the team when the visitor types and reads', async () => {
    const { store } = await conversation();
    store.state.o = true;
    startLive(API, store);
    const socket = lastSocket();
    socket.accept();
    const log = screen.getByRole('log');
    const input = screen.getByRole('textbox');
    // On a page the panel lives under the widget's host element.
    document.body.setAttribute('data-parley', '');
    fireEvent.input(input, { target: { value: 'Is anyone the' } });
    fireEvent.input(input, { target: { value: 'Is anyone there?' } });
    // Typing is told once per few seconds, not per key.
    expect(socket.sent.filter((f) => f.type === 'typing')).toEqual([{ type: 'typing', conversationId: CONVERSATION }]);
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(api.messages.some((m) => m.text === 'Is anyone there?')).toBe(true));

    socket.frame({ type: 'status', agentsOnline: 0, emailOnFile: false });
    await within(log).findByText('No one is online right now. Leave your email here and we will answer there.');
    socket.frame({ type: 'status', agentsOnline: 2, emailOnFile: true });
    await within(log).findByText('Someone from the team will answer here shortly.');
    socket.frame({ type: 'seen', seq: 5, by: 'team' });
    await within(log).findByText('Seen');
    socket.frame({ type: 'typing', author: 'agent', name: 'Aino' });
    await within(log).findByText('Aino is typing…');

    socket.push({ id: 'm_reply', author: 'agent', text: 'Hello! Aino here.', ts: new Date().toISOString(), seq: 6, name: 'Aino' });
    await within(log).findByText('Hello! Aino here.');
    expect(within(log).queryByText('Aino is typing…')).toBeNull();
    // The chat is open and in view: the team hears the reply was read.
    expect(socket.sent.filter((f) => f.type === 'seen').at(-1)).toEqual({ type: 'seen', conversationId: CONVERSATION, seq: 6 });
    // Frames of another conversation change nothing.
    socket.frame({ type: 'typing', author: 'agent', name: 'Mallory', conversationId: 'c_other' });
    expect(within(log).queryByText(/Mallory/)).toBeNull();
    document.body.removeAttribute('data-parley');
  });
});
