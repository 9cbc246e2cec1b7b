import type { InboxConversation, LiveMessage } from './api';

/** What the team's socket hears. */
export type ServerFrame =
  | { type: 'message'; conversationId: string; message: LiveMessage }
  | { type: 'conversation'; conversationId: string; status: InboxConversation['status']; assignee: InboxConversation['assignee']; unread?: number }
  | { type: 'typing'; conversationId: string; author: 'visitor' | 'agent'; name?: string }
  | { type: 'seen'; conversationId: string; seq: number; by: 'visitor' | 'team' }
  | { type: 'presence'; agentsOnline: number };

/** What the team's socket may say. */
export type ClientFrame =
  | { type: 'typing'; conversationId: string }
  | { type: 'seen'; conversationId: string; seq: number }
  | { type: 'presence'; status: 'online' | 'away' }
  | { type: 'ping' };

/** `open`: frames arrive; `closed`: between attempts (the page polls meanwhile). */
export type LiveStatus = 'connecting' | 'open' | 'closed';

/** Longest wait between attempts. */
export const MAX_BACKOFF_MS = 30_000;
/** The API closes a socket idle for ten minutes: say something well before. */
export const PING_EVERY_MS = 5 * 60_000;
/** The API takes 120 frames a minute per socket; keep a margin for pings and presence. */
export const FRAMES_PER_MINUTE = 100;

/** The wait before attempt `failures` (1, 2, …): doubling from half a second, jittered so a restarted server is not hit at once. */
export const backoff = (failures: number, random = Math.random()) => Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.max(0, failures - 1)) * (0.5 + random / 2);

const KNOWN = new Set(['message', 'conversation', 'typing', 'seen', 'presence']);

/** A frame the inbox understands, or undefined (unknown types and broken JSON are ignored). */
export function parseFrame(data: unknown): ServerFrame | undefined {
  try {
    const frame = JSON.parse(String(data)) as { type?: unknown };
    return frame && typeof frame === 'object' && typeof frame.type === 'string' && KNOWN.has(frame.type) ? (frame as ServerFrame) : undefined;
  } catch {
    return undefined;
  }
}

/** Counts sends in a sliding minute; false once the budget is spent. */
export function frameBudget(perMinute = FRAMES_PER_MINUTE, now: () => number = Date.now) {
  const sent: number[] = [];
  return () => {
    const t = now();
    while (sent.length && (sent[0] ?? 0) <= t - 60_000) sent.shift();
    if (sent.length >= perMinute) return false;
    sent.push(t);
    return true;
  };
}

export interface LiveOptions {
  /** A fresh one-minute token for each attempt. */
  token: () => Promise<string>;
  onFrame: (frame: ServerFrame) => void;
  /** `open` with `again` true after a reconnect: what was missed meanwhile must be read again. */
  onStatus: (status: LiveStatus, again: boolean) => void;
  url?: (token: string) => string;
  socket?: (url: string) => WebSocket;
}

const sameHost = (token: string) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live?token=${encodeURIComponent(token)}`;

/**
 * The team's live socket: opens with a fresh token, reconnects with jittered
 * exponential backoff whenever it closes (the API ends idle sockets and every
 * socket after a maximum lifetime), pings to stay open, and keeps under the
 * API's frame rate.
 */
export class LiveConnection {
  private ws: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;
  private failures = 0;
  private everOpen = false;
  private stopped = true;
  private readonly budget = frameBudget();
  status: LiveStatus = 'closed';

  constructor(private readonly options: LiveOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ping);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
    this.setStatus('closed', false);
  }

  /** Back online (the browser says so): try now rather than after the wait. */
  retryNow(): void {
    if (this.stopped || this.status !== 'closed') return;
    clearTimeout(this.timer);
    void this.connect();
  }

  /** Sends a frame if the socket is open and the minute's budget allows; false otherwise (the caller may use HTTP). */
  send(frame: ClientFrame): boolean {
    if (this.status !== 'open' || this.ws?.readyState !== 1 || !this.budget()) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private setStatus(status: LiveStatus, again: boolean): void {
    if (this.status === status && status !== 'open') return;
    this.status = status;
    this.options.onStatus(status, again);
  }

  private async connect(): Promise<void> {
    this.setStatus('connecting', false);
    let ws: WebSocket;
    try {
      const token = await this.options.token();
      if (this.stopped) return;
      const url = (this.options.url ?? sameHost)(token);
      ws = this.options.socket ? this.options.socket(url) : new WebSocket(url);
    } catch {
      // No token (offline, signed out) or a socket the page may not open: wait and try again.
      return this.retry();
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const again = this.everOpen;
      this.everOpen = true;
      this.failures = 0;
      clearInterval(this.ping);
      this.ping = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
      this.setStatus('open', again);
    };
    ws.onmessage = (e: MessageEvent) => {
      const frame = this.ws === ws ? parseFrame(e.data) : undefined;
      if (frame) this.options.onFrame(frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      clearInterval(this.ping);
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.failures++;
    this.setStatus('closed', false);
    this.timer = setTimeout(() => void this.connect(), backoff(this.failures));
  }
}
