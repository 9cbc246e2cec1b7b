// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatHost } from './chat-host';
import { chatDelivery, watchOffline } from './chat/send';
import { newId } from './ids';
import { type Store, createStore } from './state';
import { createOutbox } from './transport';

type Call = { path: string; method: string; body: Record<string, unknown> | undefined; token: string | undefined };

/** A fake API: answers by path, records what the widget sent. */
function fakeApi(answer: (call: Call, n: number) => { status: number; json?: unknown }) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      const call = {
        path: new URL(url).pathname,
        method: init.method ?? 'GET',
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        token: headers['X-Parley-Visitor'],
      };
      calls.push(call);
      const { status, json } = answer(call, calls.length);
      return new Response(json === undefined ? null : JSON.stringify(json), { status });
    }),
  );
  return calls;
}

/** The outbox as the launcher makes it, with the panel's delivery of its jobs plugged in. */
function outbox(store: Store, preview = false) {
  const net = createOutbox('https://api.example', store, preview, () => undefined);
  const host = { site: 'ps_site', store, net, newId } as unknown as ChatHost;
  net.chat = chatDelivery(host);
  watchOffline(host);
  return net;
}

const started = { status: 201, json: { conversationId: 'c_1', visitorToken: 'pv2.token' } };
const message = (id: string, ts: number) => ({ k: 'm' as const, b: { id, author: 'visitor' as const, text: id, ts } });

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the outbox', () => {
  it('starts the conversation once, then sends every message in order with the visitor token', async () => {
    const calls = fakeApi((call) => (call.path === '/v1/conversations' ? started : { status: 201, json: {} }));
    const store = createStore('ps_site');
    store.allow();
    const transport = outbox(store);
    for (const id of ['m1', 'm2', 'm3']) transport.send(message(id, Date.now()));
    await vi.waitFor(() => expect(store.state.q).toEqual([]));
    expect(calls.map((c) => c.path)).toEqual(['/v1/conversations', ...['m1', 'm2', 'm3'].map(() => '/v1/conversations/c_1/messages')]);
    expect(calls[0]!.body).toMatchObject({ site: 'ps_site', visitorId: store.state.v, visitorSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(calls.slice(1).map((c) => [c.body?.id, c.token])).toEqual([
      ['m1', 'pv2.token'],
      ['m2', 'pv2.token'],
      ['m3', 'pv2.token'],
    ]);
  });

  it('drops what the API refuses as invalid, and keeps what failed on the server for a retry', async () => {
    fakeApi((call) => (call.path === '/v1/conversations' ? started : call.body?.id === 'bad' ? { status: 400 } : { status: 503 }));
    const store = createStore('ps_site');
    store.allow();
    const transport = outbox(store);
    transport.send(message('bad', 1));
    transport.send(message('later', 2));
    await vi.waitFor(() => expect(store.state.q.map((j) => (j.k === 'm' ? j.b.id : j.k))).toEqual(['later']));
    expect(transport.offline).toBe('api');
    // The retry still pending finds nothing left to send (it would reach the next test's API).
    store.state.q = [];
  });

  it('becomes a new visitor once when the visitor id is claimed elsewhere, and never loops', async () => {
    const calls = fakeApi((call) =>
      call.path === '/v1/conversations' ? { status: 401, json: { error: { code: 'visitor_token_required' } } } : { status: 201 },
    );
    const store = createStore('ps_site');
    store.allow();
    const first = store.state.v;
    const transport = outbox(store);
    transport.send(message('m1', 1));
    await vi.waitFor(() => expect(store.state.q).toEqual([]), { timeout: 5_000 });
    const starts = calls.filter((c) => c.path === '/v1/conversations');
    expect(starts).toHaveLength(2);
    expect(starts[1]!.body?.visitorId).not.toBe(first);
  });

  it('in preview sends nothing at all', async () => {
    const calls = fakeApi(() => ({ status: 201 }));
    const store = createStore('ps_site', false);
    const transport = outbox(store, true);
    transport.send(message('m1', 1));
    await vi.waitFor(() => expect(store.state.q).toEqual([]));
    expect(calls).toEqual([]);
    expect(localStorage.length).toBe(0);
  });
});
