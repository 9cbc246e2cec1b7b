import { newId, newSecret } from './ids';
import type { Job, State, Store } from './state';

/** Why requests are not getting through: '' they are, 'net' the visitor's network, 'api' our API. */
export type Offline = '' | 'net' | 'api';

const MAX_JOBS = 200;
const MAX_RETRY_MS = 30_000;

type Outcome = 'ok' | 'drop' | 'retry';

/**
 * The outbox: every request waits in `state.q` (kept in storage once storage
 * is allowed) until the API takes it. Failures are retried with backoff;
 * requests the API refuses as invalid are dropped, as resending cannot help.
 */
export class Transport {
  offline: Offline = '';
  private busy = false;
  /** The job being delivered right now. */
  private current: Job | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private restarted = false;

  constructor(
    private readonly api: string,
    private readonly site: string,
    private readonly store: Store,
    private readonly preview = false,
  ) {}

  send(job: Job): void {
    const q = this.store.state.q;
    q.push(job);
    if (q.length > MAX_JOBS) {
      const oldestEvents = q.findIndex((j) => j.k === 'e');
      q.splice(oldestEvents < 0 ? 0 : oldestEvents, 1);
    }
    this.store.save();
    void this.pump();
  }

  /** Sends queued jobs in order; stops at the first that must wait. */
  pump = async (): Promise<void> => {
    if (this.busy) return;
    this.busy = true;
    clearTimeout(this.timer);
    try {
      const { store } = this;
      for (let job = store.state.q[0]; job; job = store.state.q[0]) {
        this.current = job;
        const outcome = await this.deliver(job).catch((): Outcome => 'retry');
        this.current = undefined;
        if (outcome === 'retry') {
          this.attempt++;
          this.timer = setTimeout(() => void this.pump(), Math.min(MAX_RETRY_MS, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2));
          break;
        }
        this.attempt = 0;
        const st = store.state;
        if (st.q[0] === job) st.q.shift();
        if (job.k === 'm') {
          const sent = st.m.find((m) => m.id === job.b.id);
          if (sent) delete sent.p;
        }
        store.save();
      }
    } finally {
      this.busy = false;
    }
  };

  /**
   * On page hide: fire the event batches still waiting behind another job;
   * they use keepalive, so they outlive the page (a resend is stored once).
   */
  flushOnHide(): void {
    for (const job of this.store.state.q) if (job.k === 'e' && job !== this.current) void this.request('/v1/collect', job.b);
  }

  /** `DELETE /v1/visitors/me`; true once nothing is left to erase. */
  async erase(token: string): Promise<boolean> {
    if (this.preview) return true;
    const res = await this.request('/v1/visitors/me', undefined, token, 'DELETE');
    return !!res && (res.ok || res.status === 401 || res.status === 404);
  }

  private async deliver(job: Job): Promise<Outcome> {
    // Preview: the flow runs as for a visitor, and nothing is stored anywhere.
    if (this.preview) return 'ok';
    if (job.k === 'e') return this.outcome(await this.request('/v1/collect', job.b));
    if (job.k === 's') return this.outcome(await this.request('/v1/bots/shown', { site: this.site, ...job.b }));
    const st = this.store.state;
    if (!st.c) {
      st.k ??= newSecret();
      const res = await this.request(
        '/v1/conversations',
        {
          site: this.site,
          visitorId: st.v,
          sessionId: st.s,
          pageUrl: location.href.slice(0, 2048),
          referrer: document.referrer.slice(0, 2048),
          visitorSecret: st.k,
          ...(st.b ? { bot: { id: st.b[0], version: st.b[1] }, variant: st.b[2] } : {}),
        },
        st.t,
      );
      // Another browser holds this visitor id (or our token is void): become a new visitor.
      if (res?.status === 401) return this.restart(st, true);
      if (!res?.ok) return this.outcome(res);
      const started = (await res.json()) as { conversationId: string; visitorToken: string };
      if (this.store.state !== st) return 'drop';
      st.c = started.conversationId;
      st.t = started.visitorToken;
      this.store.save();
    }
    const res =
      job.k === 'm'
        ? await this.request(`/v1/conversations/${encodeURIComponent(st.c)}/messages`, job.b, st.t)
        : await this.request('/v1/leads', { ...job.b, site: this.site, visitorId: st.v, conversationId: st.c }, st.t);
    // The token is void or the conversation is gone (erased elsewhere): start afresh.
    if (res?.status === 401 || res?.status === 404) return this.restart(st, false);
    if (res?.ok) this.restarted = false;
    return this.outcome(res);
  }

  /**
   * Starts the conversation over, at most once until a message gets through:
   * a refusal that persists drops the job instead of looping. The visitor's
   * secret gets its token back.
   */
  private restart(st: State, newVisitor: boolean): Outcome {
    this.setOffline('');
    if (this.restarted || this.store.state !== st) return 'drop';
    this.restarted = true;
    delete st.c;
    delete st.t;
    if (newVisitor) {
      st.v = newId('v');
      st.k = newSecret();
    }
    this.store.save();
    return 'retry';
  }

  private outcome(res: Response | undefined): Outcome {
    // No answer while the browser says it is offline is the visitor's network; otherwise it is ours.
    this.setOffline(!res ? (navigator.onLine === false ? 'net' : 'api') : res.status >= 500 ? 'api' : '');
    if (!res || res.status === 408 || res.status === 429 || res.status >= 500) return 'retry';
    return res.ok ? 'ok' : 'drop';
  }

  private setOffline(offline: Offline): void {
    if (this.offline === offline) return;
    this.offline = offline;
    this.store.notify();
  }

  /** Event batches go with keepalive, so one sent as the page unloads still arrives. */
  private async request(path: string, body: unknown, token?: string, method = 'POST'): Promise<Response | undefined> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['X-Parley-Visitor'] = token;
    try {
      return await fetch(this.api + path, {
        method,
        headers,
        credentials: 'omit',
        keepalive: path === '/v1/collect',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      return undefined;
    }
  }
}
