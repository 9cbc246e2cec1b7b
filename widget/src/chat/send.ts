import type { ChatHost } from '../chat-host';
import type { ChatJob, State } from '../state';
import type { Outcome } from '../transport';

/**
 * Delivers the chat's jobs for the launcher's outbox: starts the
 * conversation first (once; the visitor's secret gets the token back), then
 * its messages and the lead with the visitor token; counts a bot shown.
 */
export function chatDelivery(host: ChatHost): (job: ChatJob) => Promise<Outcome> {
  const { net, site, store } = host;
  let restarted = false;

  /**
   * Starts the conversation over, at most once until a message gets through:
   * a refusal that persists drops the job instead of looping. `newVisitor`:
   * another browser holds this visitor id (or our token is void).
   */
  const restart = (st: State, res: Response, newVisitor: boolean): Outcome => {
    // (Heard: the API is there.)
    net.outcome(res);
    if (restarted || store.state !== st) return 'drop';
    restarted = true;
    delete st.c;
    delete st.t;
    if (newVisitor) {
      st.v = host.newId('v');
      // A new secret with it (and saved).
      delete st.k;
      store.allow();
    } else store.save();
    return 'retry';
  };

  const deliver = async (job: ChatJob): Promise<Outcome> => {
    if (job.k === 's') return net.outcome(await net.request('/v1/bots/shown', { site, ...job.b }));
    const st = store.state;
    if (!st.c) {
      if (!st.k) store.allow();
      const res = await net.request(
        '/v1/conversations',
        {
          site,
          visitorId: st.v,
          sessionId: st.s,
          pageUrl: location.href.slice(0, 2048),
          referrer: document.referrer.slice(0, 2048),
          visitorSecret: st.k,
          ...(st.b ? { bot: { id: st.b[0], version: st.b[1] }, variant: st.b[2] } : {}),
        },
        st.t,
      );
      if (res?.status === 401) return restart(st, res, true);
      if (!res?.ok) return net.outcome(res);
      const started = (await res.json()) as { conversationId: string; visitorToken: string };
      if (store.state !== st) return 'drop';
      st.c = started.conversationId;
      st.t = started.visitorToken;
      store.save();
    }
    const res =
      job.k === 'm'
        ? await net.request(`/v1/conversations/${encodeURIComponent(st.c)}/messages`, job.b, st.t)
        : await net.request('/v1/leads', { ...job.b, site, visitorId: st.v, conversationId: st.c }, st.t);
    // The token is void or the conversation is gone (erased elsewhere): start afresh.
    if (res?.status === 401 || res?.status === 404) return restart(st, res, false);
    if (res?.ok) restarted = false;
    return net.outcome(res);
  };

  return async (job) => {
    const outcome = await deliver(job);
    // Sent, or refused for good: no longer marked as sending (the outbox saves).
    if (outcome !== 'retry' && job.k === 'm') for (const m of store.state.m) if (m.id === job.b.id) delete m.p;
    return outcome;
  };
}

/**
 * Erases the visitor's data through the API, with the token `Parley('forget')`
 * left in `state.x` when it cleared everything local: once for each new
 * token by itself (a failure waits for the next page), and whenever the
 * panel asks. True once nothing is left to erase; then nothing stays stored.
 */
export function erasure(host: ChatHost): () => Promise<boolean> {
  const { net, store } = host;
  let tried: string | undefined;
  let erasing: Promise<boolean> | undefined;
  const erase = () =>
    (erasing ??= (async () => {
      const token = (tried = store.state.x);
      const res = token && (await net.request('/v1/visitors/me', undefined, token, 'DELETE'));
      erasing = undefined;
      const done = !token || (!!res && (res.ok || res.status === 401 || res.status === 404));
      if (done && token && store.state.x === token) {
        const { o } = store.state;
        store.clear();
        store.state.o = o;
      }
      return done;
    })());
  const follow = () => {
    if (store.state.x && store.state.x !== tried) void erase();
  };
  store.subscribe(follow);
  follow();
  return erase;
}

/**
 * Keeps `net.offline` (why requests are not getting through) from every
 * answer the outbox hears from now on, and re-renders when it changes.
 */
export function watchOffline(host: ChatHost): void {
  const { net } = host;
  net.heard = (res) => {
    // No answer while the browser says it is offline is the visitor's network; otherwise it is ours.
    const offline = !res ? (navigator.onLine === false ? 'net' : 'api') : res.status >= 500 ? 'api' : '';
    if ((net.offline ?? '') !== offline) {
      net.offline = offline;
      host.store.notify();
    }
  };
}
