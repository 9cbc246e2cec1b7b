import type { ChatJob, Job, Store } from './state';

/** Why requests are not getting through: '' they are, 'net' the visitor's network, 'api' our API. */
export type Offline = '' | 'net' | 'api';

/** What became of one request: taken, refused for good (resending cannot help), or to be tried again. */
export type Outcome = 'ok' | 'drop' | 'retry';

/**
 * The outbox: every request waits in `state.q` (kept in storage once storage
 * is allowed) until the API takes it. Failures are retried with backoff;
 * requests the API refuses as invalid are dropped, as resending cannot help.
 * The launcher delivers its event batches; the chat bundle plugs in the
 * delivery of its own jobs (`chat`), which the launcher loads when such a job
 * waits (one queued on an earlier page).
 */
export interface Outbox {
  /** Set by the panel (`watchOffline`), which shows it. */
  offline?: Offline;
  /** Told of every answer (or none) the API gave; the panel listens. */
  heard?: (res: Response | undefined) => void;
  send(job: Job): void;
  /** Sends queued jobs in order; stops at the first that must wait. */
  pump(): Promise<void>;
  /** On page hide: fires the event batches still waiting behind another job (keepalive: they outlive the page). */
  flushOnHide(): void;
  /** One request to the API; undefined when none got through. */
  request(path: string, body?: object, token?: string, method?: string): Promise<Response | undefined>;
  /** What an answer means for its job; notes whether the API is reachable. */
  outcome(res: Response | undefined): Outcome;
  /** Delivers the chat's jobs (messages, the lead, a bot shown): the panel bundle's (`chat/send.ts`). */
  chat?: (job: ChatJob) => Promise<Outcome>;
}

const MAX_JOBS = 200;
const MAX_RETRY_MS = 30_000;
const COLLECT = '/v1/collect';

/** `preview`: the flow runs as for a visitor, and nothing is sent. `needChat`: a chat job waits for the chat bundle. */
export function createOutbox(api: string, store: Store, preview: boolean, needChat: () => void): Outbox {
  let busy = false;
  /** The job being delivered right now. */
  let current: Job | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const box: Outbox = {
    send(job) {
      const { q } = store.state;
      if (q.push(job) > MAX_JOBS) {
        // Full: the oldest event batch goes first, else the oldest job.
        const oldestEvents = q.findIndex((j) => j.k === 'e');
        q.splice(Math.max(0, oldestEvents), 1);
      }
      store.save();
      void box.pump();
    },
    async pump() {
      if (busy) return;
      busy = true;
      clearTimeout(timer);
      try {
        for (let job: Job | undefined; (job = current = store.state.q[0]); ) {
          if (!preview && job.k !== 'e' && !box.chat) return needChat();
          const outcome: Outcome = preview
            ? 'ok'
            : await (job.k === 'e' ? box.request(COLLECT, job.b).then(box.outcome) : box.chat!(job)).catch(() => 'retry' as const);
          current = undefined;
          if (outcome === 'retry') {
            timer = setTimeout(box.pump, Math.min(MAX_RETRY_MS, 500 * 2 ** ++attempt) * (0.5 + Math.random() / 2));
            return;
          }
          attempt = 0;
          const st = store.state;
          if (st.q[0] === job) st.q.shift();
          store.save();
        }
      } finally {
        busy = false;
        current = undefined;
      }
    },
    flushOnHide() {
      for (const job of store.state.q) if (job.k === 'e' && job !== current) void box.request(COLLECT, job.b);
    },
    async request(path, body, token, method = 'POST') {
      try {
        return await fetch(api + path, {
          method,
          headers: { ...(body && { 'Content-Type': 'application/json' }), ...(token && { 'X-Parley-Visitor': token }) },
          credentials: 'omit',
          // Event batches go with keepalive, so one sent as the page unloads still arrives.
          keepalive: path === COLLECT,
          // (No body: undefined.)
          body: (body && JSON.stringify(body)) as string,
        });
      } catch {
        return undefined;
      }
    },
    outcome(res) {
      box.heard?.(res);
      return !res || res.status === 408 || res.status === 429 || res.status >= 500 ? 'retry' : res.ok ? 'ok' : 'drop';
    },
  };
  return box;
}
