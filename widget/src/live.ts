import type * as v from 'valibot';
import type { LiveMessageSchema } from '../../shared/schemas/responses';
import { guard } from './guard';
import type { Store } from './state';

/** A message as the API sends it, in a socket frame or a resync page. */
type LiveMessage = v.InferOutput<typeof LiveMessageSchema>;

const MAX_BACKOFF_MS = 30_000;
/** Socket opens that fail before one ever succeeds: a proxy blocks WebSockets, so poll instead. */
const FAILED_OPENS = 3;
const POLL_MS = 4000;
const POLL_HIDDEN_MS = 60_000;

/**
 * `parley-live.js`: the visitor's side of live chat, started by the launcher
 * once a conversation exists. Replies come over a WebSocket; every (re)connect
 * first fetches what came after the highest sequence number seen, so nothing
 * is lost while closed; where sockets never open, that fetch is polled
 * instead. Messages are kept once, by id, in the stored state.
 */
export function startLive(api: string, store: Store): void {
  let socket: WebSocket | undefined;
  /** The token the current socket or poll was started with. */
  let token: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let opened = false;
  let polling = false;

  const add = (messages: LiveMessage[], conversation: string | undefined) => {
    const st = store.state;
    if (conversation !== st.c || !messages.length) return;
    for (const m of messages) {
      // Sent again (a resync after a frame, a duplicate frame) or sent from this browser: shown once.
      if (!st.m.some((known) => known.id === m.id))
        st.m.push({ id: m.id, a: m.author, t: m.text, ts: Date.parse(m.ts) || Date.now(), ...(m.name ? { n: m.name } : {}) });
      st.sq = Math.max(st.sq ?? 0, m.seq);
    }
    store.save();
  };

  /** What came after the highest sequence number seen; false when the API refuses the token (or the conversation is gone). */
  const resync = async (): Promise<boolean> => {
    const { c, t, sq } = store.state;
    if (!c || !t) return false;
    try {
      const res = await fetch(`${api}/v1/conversations/${encodeURIComponent(c)}/messages?after=${sq ?? 0}`, {
        headers: { 'X-Parley-Visitor': t },
        credentials: 'omit',
      });
      if (res.ok) add(((await res.json()) as { data: LiveMessage[] }).data, c);
      return res.status < 400 || res.status === 408 || res.status === 429;
    } catch {
      // Offline, or an answer that is not ours: the next (re)connect or poll tries again.
      return true;
    }
  };

  const poll = guard(async () => {
    clearTimeout(timer);
    const current = token;
    if ((await resync()) && current === token) timer = setTimeout(poll, document.hidden ? POLL_HIDDEN_MS : POLL_MS);
  });

  const retry = () => {
    failures++;
    if (!opened && failures >= FAILED_OPENS) {
      polling = true;
      return poll();
    }
    timer = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures) * (0.5 + Math.random() / 2));
  };

  const connect = guard(() => {
    clearTimeout(timer);
    if (!token) return;
    if (polling) return poll();
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${api.replace(/^http/, 'ws')}/v1/live?token=${encodeURIComponent(token)}`);
    } catch {
      // Refused outright (a CSP or mixed content): counts as a failed open.
      return retry();
    }
    socket = ws;
    ws.onopen = guard(() => {
      opened = true;
      failures = 0;
      void resync();
    });
    ws.onmessage = guard((e: MessageEvent) => {
      const frame = JSON.parse(String(e.data)) as { type?: string; conversationId?: string; message?: LiveMessage };
      if (frame.type === 'message' && frame.message) add([frame.message], frame.conversationId);
    });
    // Closed by the API (idle, lifetime), the network or a refused token: back off and come back.
    ws.onclose = guard(() => {
      if (socket !== ws) return;
      socket = undefined;
      retry();
    });
  });

  /** A new conversation or token (or none after "Forget me"): drop the old connection and start over. */
  const follow = guard(() => {
    const { t } = store.state;
    if (t === token) return;
    token = t;
    const old = socket;
    socket = undefined;
    old?.close();
    failures = 0;
    polling = false;
    connect();
  });

  store.subscribe(follow);
  follow();
  // Back from a hidden tab or offline: poll now rather than after the long wait.
  document.addEventListener(
    'visibilitychange',
    guard(() => polling && !document.hidden && poll()),
  );
  addEventListener(
    'online',
    guard(() => (polling ? poll() : !socket && connect())),
  );
}
