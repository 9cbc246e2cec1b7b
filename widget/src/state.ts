import type { LeadField } from '../../shared/events';
import { newId, newSecret } from './ids';

export interface ChatMessage {
  id: string;
  /** author: the visitor, the bot flow, or a person of the team */
  a: 'visitor' | 'bot' | 'agent';
  /** text, always rendered as text */
  t: string;
  ts: number;
  /** still queued for the API */
  p?: 1;
  /** the agent's display name */
  n?: string;
}

/** The chat's requests: a message, the lead, a bot shown (A/B figures; a counter, nothing about the visitor). */
export type ChatJob =
  | { k: 'm'; b: { id: string; author: 'visitor' | 'bot'; text: string; ts: number } }
  | { k: 'l'; b: Record<string, unknown> }
  | { k: 's'; b: { botId: string; variant?: string } };

/** A request waiting in the outbox: an events batch (the launcher's own) or one of the chat's. */
export type Job = { k: 'e'; b: Record<string, unknown> } | ChatJob;

/** Everything the widget remembers; short keys keep storage and bundle small. */
export interface State {
  /** visitor id, the secret only this browser knows for it, and the token the API issued for both */
  v: string;
  k?: string;
  t?: string;
  /** session id and when it was last active */
  s: string;
  seen: number;
  /** analytics consent, once the visitor or site has said */
  a?: boolean;
  /** conversation id */
  c?: string;
  /** highest message sequence number received from the API: live chat resyncs after it */
  sq?: number;
  /** panel open (reopened after navigation) */
  o?: boolean | undefined;
  m: ChatMessage[];
  /** bot flow: -1 not started, 0 running, 1 asking the marketing consent, 2 over (free chat) */
  step: number;
  /** the bot the conversation runs, its published version and A/B variant */
  b?: [string, number, string?];
  /** the flow node it waits at (an ask or a choice), or the end it reached */
  n?: string;
  /** answers by node id (a choice's option id), for the flow's conditions */
  r?: Record<string, string>;
  /** lead score reached in the flow */
  sc?: number;
  /** handed over to a person */
  h?: 1;
  /** when each bot last opened by itself: session id and time, for its frequency cap */
  pb?: Record<string, [string, number]>;
  /** a returning visitor: a stored state from an earlier session */
  rv?: 1;
  f: Partial<Record<LeadField, string>>;
  ans: { question: string; answer: string }[];
  q: Job[];
  /** token of an erasure that still has to reach the API */
  x?: string;
  /** the live chat's line under the transcript: who is there, typing, seen */
  nt?: string | undefined;
}

/**
 * The visitor's state in localStorage under one key per site. Reading is
 * harmless; writing starts only once `allow()` is called (the visitor opened
 * the chat or consented), as SPEC.md requires.
 */
export interface Store {
  state: State;
  /** Storage may be written. */
  allowed: boolean;
  /** Storage may be written from now on; the visitor's secret is made with that permission. */
  allow(): void;
  /** Persists (when allowed) and tells the panel to re-render. */
  save(): void;
  /** Tells the panel to re-render. */
  notify(): void;
  subscribe(listener: () => void): void;
  /** Erases everything local and starts over as a new, unstored visitor; keeps a pending erasure's token. */
  clear(pendingErasure?: string): void;
}

const SESSION_IDLE_MS = 30 * 60 * 1000;
const MAX_MESSAGES = 200;

/** (`seen` is set by every save; only a stored state's is read.) */
export const freshState = (): State => ({ v: newId('v'), s: newId('s'), seen: 0, m: [], step: -1, f: {}, ans: [], q: [] });

/** Adds a message to the transcript, which keeps the last MAX_MESSAGES (the panel's and live chat's, not the launcher's). */
export function addMessage(st: State, message: ChatMessage): void {
  if (st.m.push(message) > MAX_MESSAGES) st.m.splice(0, st.m.length - MAX_MESSAGES);
}

/** `keep` false (preview): nothing is ever read from or written to storage. */
export function createStore(site: string, keep = true): Store {
  const key = `parley:${site}`;
  const listeners: (() => void)[] = [];
  let saved: State | undefined;
  try {
    const st = keep ? (JSON.parse(localStorage.getItem(key) as string) as State | null) : null;
    if (typeof st?.v === 'string' && Array.isArray(st.m) && Array.isArray(st.q)) saved = st;
  } catch {
    // blocked storage or a garbled value: a new visitor
  }
  if (saved && Date.now() - saved.seen > SESSION_IDLE_MS) {
    saved.s = newId('s');
    saved.rv = 1;
  }
  const store: Store = {
    state: saved ?? freshState(),
    allowed: !!saved,
    allow() {
      store.allowed = keep;
      store.state.k ??= newSecret();
      store.save();
    },
    save() {
      const st = store.state;
      st.seen = Date.now();
      try {
        if (store.allowed) localStorage.setItem(key, JSON.stringify(st));
      } catch {
        // Full or blocked storage: the state lives on in memory.
      }
      store.notify();
    },
    notify() {
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    clear(pendingErasure) {
      try {
        if (keep) localStorage.removeItem(key);
      } catch {
        // nothing stored
      }
      store.state = freshState();
      store.allowed = false;
      if (pendingErasure) {
        store.state.x = pendingErasure;
        store.allow();
      } else store.save();
    },
  };
  return store;
}
