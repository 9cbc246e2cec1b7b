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

/** A request waiting in the outbox: an events batch, a message or the lead. */
export type Job =
  | { k: 'e'; b: Record<string, unknown> }
  | { k: 'm'; b: { id: string; author: 'visitor' | 'bot'; text: string; ts: number } }
  | { k: 'l'; b: Record<string, unknown> }
  /** a bot was shown (A/B figures; a counter, nothing about the visitor) */
  | { k: 's'; b: { botId: string; variant?: string } };

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
  o?: boolean;
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

const SESSION_IDLE_MS = 30 * 60 * 1000;
const MAX_MESSAGES = 200;

export const freshState = (): State => ({ v: newId('v'), s: newId('s'), seen: Date.now(), m: [], step: -1, f: {}, ans: [], q: [] });

/**
 * The visitor's state in localStorage under one key per site. Reading is
 * harmless; writing starts only once `allow()` is called (the visitor opened
 * the chat or consented), as SPEC.md requires.
 */
export class Store {
  state: State;
  allowed = false;
  private readonly key: string;
  private readonly listeners = new Set<() => void>();

  /** `keep` false (preview): nothing is ever read from or written to storage. */
  constructor(
    site: string,
    private readonly keep = true,
  ) {
    this.key = `parley:${site}`;
    const saved = keep ? this.read() : undefined;
    this.state = saved ?? freshState();
    if (saved) {
      this.allowed = true;
      if (Date.now() - saved.seen > SESSION_IDLE_MS) {
        saved.s = newId('s');
        saved.rv = 1;
      }
    }
  }

  /** Storage may be written from now on; the visitor's secret is made with that permission. */
  allow(): void {
    this.allowed = this.keep;
    this.state.k ??= newSecret();
    this.save();
  }

  /** Persists (when allowed) and tells the panel to re-render. */
  save(): void {
    const st = this.state;
    st.seen = Date.now();
    if (st.m.length > MAX_MESSAGES) st.m.splice(0, st.m.length - MAX_MESSAGES);
    if (this.allowed) {
      try {
        localStorage.setItem(this.key, JSON.stringify(st));
      } catch {
        // Full or blocked storage: the state lives on in memory.
      }
    }
    this.notify();
  }

  /** Tells the panel to re-render. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Erases everything local and starts over as a new, unstored visitor. */
  clear(pendingErasure?: string): void {
    try {
      if (this.keep) localStorage.removeItem(this.key);
    } catch {
      // nothing stored
    }
    this.state = freshState();
    this.allowed = false;
    if (pendingErasure) {
      this.state.x = pendingErasure;
      this.allow();
    } else {
      this.save();
    }
  }

  private read(): State | undefined {
    try {
      const raw = localStorage.getItem(this.key);
      const st = raw ? (JSON.parse(raw) as State) : undefined;
      return st && typeof st.v === 'string' && Array.isArray(st.m) && Array.isArray(st.q) ? st : undefined;
    } catch {
      return undefined;
    }
  }
}
