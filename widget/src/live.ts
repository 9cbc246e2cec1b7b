import type * as v from 'valibot';
import type { LiveMessageSchema } from '../../shared/schemas/live';
import { guard } from './guard';
import { type Store, addMessage } from './state';

const TYPING_MS = 5000;
const TYPING_EVERY_MS = 3000;

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
  /**
   * The line under the transcript, as a code the panel words in its own
   * language (`state.nt`): `o` someone will answer here, `a` nobody is
   * online (a reply comes by mail), `e` nobody is online (leave an email),
   * `s` seen, `~Name` typing.
   */
  let there: 'o' | 'a' | 'e' | undefined;
  let typist = '';
  let typingUntil = 0;
  let seenAt = 0;
  let seenSent = 0;
  let typedAt = 0;
  let noteTimer: ReturnType<typeof setTimeout> | undefined;
  let handedOver: string | undefined;

  const handover = guard(async (c: string, t: string) => {
    const res = await fetch(`${api}/v1/conversations/${encodeURIComponent(c)}/handover`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Visitor': t },
      body: '{}',
      credentials: 'omit',
    });
    if (!res.ok) return;
    const answer = (await res.json()) as { agentsOnline: number; emailOnFile: boolean };
    there = answer.agentsOnline ? 'o' : answer.emailOnFile ? 'a' : 'e';
    note();
  });
  /** The token the current socket or poll was started with. */
  let token: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let opened = false;
  let polling = false;

  const frame = (f: object) => {
    if (socket?.readyState === 1) socket.send(JSON.stringify(f));
  };

  /** The line under the transcript now: typing first, then "seen" under the visitor's last line, then who is there. */
  const note = guard(() => {
    const { m } = store.state;
    const last = m[m.length - 1];
    const next =
      typingUntil > Date.now()
        ? `~${typist}`
        : last?.a === 'visitor' && !last.p && seenAt >= last.ts
          ? 's'
          : last?.a === 'visitor' || store.state.h
            ? there
            : undefined;
    if (next !== store.state.nt) {
      store.state.nt = next;
      store.notify();
    }
    // The flow handed over to a person: ask once per conversation, and say honestly who is there.
    if (store.state.h && store.state.c && store.state.t && handedOver !== store.state.c) {
      handedOver = store.state.c;
      void handover(store.state.c, store.state.t);
    }
    // Read while the chat is open and in view: the team sees "seen".
    const { c, sq, o } = store.state;
    if (c && o && sq && sq > seenSent && document.visibilityState === 'visible' && socket?.readyState === 1) {
      seenSent = sq;
      frame({ type: 'seen', conversationId: c, seq: sq });
    }
  });

  // The visitor typing in the panel: its input events leave the shadow root retargeted to the widget's host element.
  addEventListener(
    'input',
    guard((e: Event) => {
      const { c } = store.state;
      if (c && (e.target as Element | null)?.closest?.('[data-parley]') && Date.now() - typedAt > TYPING_EVERY_MS) {
        typedAt = Date.now();
        frame({ type: 'typing', conversationId: c });
      }
    }),
    true,
  );

  const add = (messages: LiveMessage[], conversation: string | undefined) => {
    const st = store.state;
    if (conversation !== st.c || !messages.length) return;
    for (const m of messages) {
      // Sent again (a resync after a frame, a duplicate frame) or sent from this browser: shown once.
      if (!st.m.some((known) => known.id === m.id))
        addMessage(st, { id: m.id, a: m.author, t: m.text, ts: Date.parse(m.ts) || Date.now(), ...(m.name ? { n: m.name } : {}) });
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
      const f = JSON.parse(String(e.data)) as {
        type?: string;
        conversationId?: string;
        message?: LiveMessage;
        name?: string;
        agentsOnline?: number;
        emailOnFile?: boolean;
      };
      if (f.conversationId !== store.state.c) return;
      if (f.type === 'message' && f.message) {
        typingUntil = 0;
        add([f.message], f.conversationId);
      } else if (f.type === 'typing') {
        typist = f.name ?? '';
        typingUntil = Date.now() + TYPING_MS;
        clearTimeout(noteTimer);
        noteTimer = setTimeout(note, TYPING_MS);
      } else if (f.type === 'seen') seenAt = Date.now();
      else if (f.type === 'status') there = f.agentsOnline ? 'o' : f.emailOnFile ? 'a' : 'e';
      note();
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
    there = undefined;
    seenAt = seenSent = 0;
    const old = socket;
    socket = undefined;
    old?.close();
    failures = 0;
    polling = false;
    connect();
  });

  store.subscribe(follow);
  store.subscribe(note);
  follow();
  // A reply mail links back with `#parley-chat`: the conversation opens where it was left.
  if (location.hash === '#parley-chat') (window as unknown as { Parley?: (cmd: string) => void }).Parley?.('open');
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
