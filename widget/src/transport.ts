import type { Job, Store } from './state';

const MAX_JOBS = 200;
const MAX_RETRY_MS = 30_000;

type Outcome = 'ok' | 'drop' | 'retry';

/**
 * The outbox: every request waits in `state.q` (kept in storage once storage
 * is allowed) until the API takes it. Failures are retried with backoff;
 * requests the API refuses as invalid are dropped, as resending cannot help.
 */
export class Transport {
  offline = false;
  private busy = false;
  /** The job being delivered right now. */
  private current: Job | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: string,
    private readonly site: string,
    private readonly store: Store,
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
    const res = await this.request('/v1/visitors/me', undefined, token, 'DELETE');
    return !!res && (res.ok || res.status === 401 || res.status === 404);
  }

  private async deliver(job: Job): Promise<Outcome> {
    if (job.k === 'e') return this.outcome(await this.request('/v1/collect', job.b));
    const st = this.store.state;
    if (!st.c) {
      const res = await this.request('/v1/conversations', { site: this.site, visitorId: st.v, sessionId: st.s, pageUrl: location.href.slice(0, 2048), referrer: document.referrer.slice(0, 2048) });
      if (!res?.ok) return this.outcome(res);
      const started = (await res.json()) as { conversationId: string; visitorToken: string };
      if (this.store.state !== st) return 'drop';
      st.c = { id: started.conversationId, k: started.visitorToken };
      this.store.save();
    }
    const { id, k } = st.c;
    const res =
      job.k === 'm'
        ? await this.request(`/v1/conversations/${encodeURIComponent(id)}/messages`, job.b, k)
        : await this.request('/v1/leads', { ...job.b, site: this.site, visitorId: st.v, conversationId: id });
    if (res && (res.status === 401 || res.status === 404)) {
      // The conversation or token is gone (erased elsewhere): start afresh.
      delete st.c;
      return 'retry';
    }
    return this.outcome(res);
  }

  private outcome(res: Response | undefined): Outcome {
    this.setOffline(!res);
    if (!res || res.status === 408 || res.status === 429 || res.status >= 500) return 'retry';
    return res.ok ? 'ok' : 'drop';
  }

  private setOffline(offline: boolean): void {
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
      return await fetch(this.api + path, { method, headers, credentials: 'omit', keepalive: path === '/v1/collect', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      return undefined;
    }
  }
}
