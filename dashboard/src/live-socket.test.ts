import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff, frameBudget, LiveConnection, type LiveStatus, MAX_BACKOFF_MS, PING_EVERY_MS, parseFrame, type ServerFrame } from './live-socket';

/** A socket the test opens, closes and talks through. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

function connection() {
  const statuses: [LiveStatus, boolean][] = [];
  const frames: ServerFrame[] = [];
  let tokens = 0;
  const live = new LiveConnection({
    token: async () => `t${++tokens}`,
    url: (token) => `ws://test/v1/live?token=${token}`,
    socket: (url) => new FakeSocket(url) as unknown as WebSocket,
    onFrame: (f) => frames.push(f),
    onStatus: (s, again) => statuses.push([s, again]),
  });
  return { live, statuses, frames };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the team’s socket', () => {
  it('opens with a fresh token each time, comes back after a close with backoff, and says when it reopened', async () => {
    const { live, statuses } = connection();
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.made.map((s) => s.url)).toEqual(['ws://test/v1/live?token=t1']);
    FakeSocket.made[0]?.open();
    expect(statuses.at(-1)).toEqual(['open', false]);

    FakeSocket.made[0]?.drop();
    expect(statuses.at(-1)).toEqual(['closed', false]);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.made.map((s) => s.url).at(-1)).toBe('ws://test/v1/live?token=t2');
    // Refused again and again: each wait longer than the last.
    FakeSocket.made[1]?.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.made).toHaveLength(3);
    FakeSocket.made[2]?.open();
    expect(statuses.at(-1)).toEqual(['open', true]);
    live.stop();
    expect(statuses.at(-1)).toEqual(['closed', false]);
  });

  it('hands on the frames it knows, pings to stay open, and sends nothing while closed', async () => {
    const { live, frames } = connection();
    expect(live.send({ type: 'ping' })).toBe(false);
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.made[0];
    socket?.open();
    for (const data of ['{"type":"presence","agentsOnline":2}', 'not json', '{"type":"whatever"}']) socket?.onmessage?.({ data });
    expect(frames).toEqual([{ type: 'presence', agentsOnline: 2 }]);
    expect(live.send({ type: 'typing', conversationId: 'c' })).toBe(true);
    await vi.advanceTimersByTimeAsync(PING_EVERY_MS);
    expect(socket?.sent).toEqual([{ type: 'typing', conversationId: 'c' }, { type: 'ping' }]);
    live.stop();
  });

  it('retries at once when the browser is back online', async () => {
    const { live } = connection();
    live.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.made[0]?.drop();
    live.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.made).toHaveLength(2);
    live.stop();
  });
});

describe('pacing', () => {
  it('backs off from half a second, doubling, jittered, at most 30 s', () => {
    expect(backoff(1, 1)).toBe(500);
    expect(backoff(1, 0)).toBe(250);
    expect(backoff(3, 1)).toBe(2000);
    expect(backoff(20, 1)).toBe(MAX_BACKOFF_MS);
  });

  it('keeps under a number of frames per sliding minute', () => {
    let now = 0;
    const allow = frameBudget(3, () => now);
    expect([allow(), allow(), allow(), allow()]).toEqual([true, true, true, false]);
    now = 60_001;
    expect(allow()).toBe(true);
  });

  it('reads only frames it knows', () => {
    expect(parseFrame('{"type":"seen","conversationId":"c","seq":2,"by":"visitor"}')).toEqual({ type: 'seen', conversationId: 'c', seq: 2, by: 'visitor' });
    expect(parseFrame('null')).toBeUndefined();
    expect(parseFrame('{"type":"ping"}')).toBeUndefined();
  });
});
