import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ConversationState, type InboxConversation, type InboxListing, type InboxView, api } from './api';
import { applyFrame, type Known, mergeListing, newlyWaiting, waitingIds } from './inbox';
import type { ServerFrame } from './live-socket';
import { usePolling } from './polling';
import type { Live } from './use-live';

/** How often the list is asked again while the socket is down and the tab visible. */
export const LIST_EVERY_MS = 10_000;
/** While hidden (and the socket down), only someone who asked to be notified keeps a slow watch. */
const HIDDEN_EVERY_MS = 60_000;
/** Changes heard in a burst are listed once, this long after the first. */
const RELIST_AFTER_MS = 300;

export interface Inbox {
  /** `failed` only when the first listing failed; a later failure keeps what was shown. */
  status: 'loading' | 'failed' | 'ready';
  known: Known;
  /** Tabs listed at least once: the others are still loading. */
  listed: ReadonlySet<InboxView>;
  counts: InboxListing['counts'];
  agentsOnline: number;
  refresh: () => void;
  /** Where a conversation stands after this page assigned, closed or reopened it. */
  moved: (state: ConversationState) => void;
  /** The person has read the conversation up to `seq`. */
  read: (conversationId: string, seq: number) => void;
}

export interface InboxOptions {
  /** `tenantId/userId` of who is signed in; undefined: nobody. */
  account: string | undefined;
  /** The person as the API names an assignee: `user:<id>`. */
  me: string;
  view: InboxView;
  /** The conversation open on screen (its lines are read as they come). */
  reading: string | undefined;
  live: Live;
  /** Watch for new waiting conversations (the person asked to be told). */
  watch: boolean;
  onNewlyWaiting: (rows: InboxConversation[]) => void;
}

/**
 * The team's inbox, kept current by the live socket: frames move rows at
 * once, and each change of state is listed again shortly after (counts, the
 * lead of a new conversation). Every reconnect lists again, so nothing heard
 * while closed is missed; while the socket is down, the list is polled.
 */
export function useInbox({ account, me, view, reading, live, watch, onNewlyWaiting }: InboxOptions): Inbox {
  const [status, setStatus] = useState<Inbox['status']>('loading');
  const [known, setKnownState] = useState<Known>(new Map());
  const [listed, setListed] = useState<ReadonlySet<InboxView>>(new Set());
  const [counts, setCounts] = useState<InboxListing['counts']>({ waiting: 0, mine: 0, all: 0 });
  const [agentsOnline, setAgentsOnline] = useState(0);
  const knownNow = useRef<Known>(known);
  const touched = useRef(new Map<string, number>());
  const waitingBefore = useRef<Set<string> | undefined>(undefined);
  const generation = useRef(0);
  const relist = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Listings asked for, and the latest one shown. */
  const asked = useRef(0);
  const shown = useRef(0);
  const latest = useRef({ view, reading, watch, onNewlyWaiting });
  latest.current = { view, reading, watch, onNewlyWaiting };

  const setKnown = (next: Known) => {
    knownNow.current = next;
    setKnownState(next);
  };
  /** Tells of conversations newly waiting, except the one the person is looking at. */
  const announce = (rows: InboxConversation[]) => {
    const { reading: open, watch: on } = latest.current;
    const news = rows.filter((c) => !(c.conversationId === open && document.visibilityState === 'visible'));
    if (on && news.length > 0) latest.current.onNewlyWaiting(news);
  };

  const load = useCallback(async () => {
    if (!account) return;
    const run = generation.current;
    const order = ++asked.current;
    const current = latest.current.view;
    const views: InboxView[] = [current];
    // Newly waiting conversations are found by comparing waiting listings, wherever the person is.
    if (current !== 'waiting' && latest.current.watch) views.push('waiting');
    const startedAt = performance.now();
    try {
      const pages = await Promise.all(views.map((v) => api.inbox(v)));
      // An answer overtaken by a later one (already shown) would put older counts back.
      if (run !== generation.current || order < shown.current) return;
      shown.current = order;
      let next = knownNow.current;
      pages.forEach((page, i) => {
        next = mergeListing(next, page.data, views[i] ?? current, me, startedAt, touched.current, latest.current.reading);
      });
      if (views.includes('waiting')) {
        announce(newlyWaiting(waitingBefore.current, next));
        waitingBefore.current = waitingIds(next);
      }
      setKnown(next);
      const last = pages.at(-1);
      if (last) {
        setCounts(last.counts);
        setAgentsOnline(last.agentsOnline);
      }
      setListed((now) => (views.every((v) => now.has(v)) ? now : new Set([...now, ...views])));
      setStatus('ready');
    } catch {
      // A failed refresh keeps what was shown; only a first load says it failed.
      if (run === generation.current) setStatus((now) => (now === 'ready' ? now : 'failed'));
    }
  }, [account, me]);

  const relistSoon = useCallback(() => {
    if (relist.current) return;
    relist.current = setTimeout(() => {
      relist.current = undefined;
      void load();
    }, RELIST_AFTER_MS);
  }, [load]);

  const listedFor = useRef<string | undefined>(undefined);
  const looked = useRef(new Set<string>());
  useEffect(() => {
    if (listedFor.current !== account) {
      // Another person (or nobody): nothing of the last one's inbox stays.
      listedFor.current = account;
      generation.current++;
      waitingBefore.current = undefined;
      touched.current = new Map();
      looked.current = new Set();
      setKnown(new Map());
      setListed(new Set());
      setStatus('loading');
    }
    void load();
  }, [account, view, watch]);

  // A conversation opened by its link may be under no tab listed yet: find it among the open ones, else the closed.
  useEffect(() => {
    if (!account || !reading || status !== 'ready' || knownNow.current.has(reading) || looked.current.has(reading)) return;
    looked.current.add(reading);
    const run = generation.current;
    void (async () => {
      for (const where of ['all', 'closed'] as const) {
        const startedAt = performance.now();
        const page = await api.inbox(where).catch(() => undefined);
        if (run !== generation.current) return;
        if (page) setKnown(mergeListing(knownNow.current, page.data, where, me, startedAt, touched.current, latest.current.reading));
        if (knownNow.current.has(reading)) return;
      }
    })();
  }, [account, reading, status]);
  useEffect(() => () => clearTimeout(relist.current), []);

  useEffect(
    () =>
      live.subscribe({
        opened: () => void load(),
        frame: (frame: ServerFrame) => {
          if (frame.type === 'presence') return setAgentsOnline(frame.agentsOnline);
          if (frame.type === 'typing') return;
          const id = frame.conversationId;
          const next = applyFrame(knownNow.current, frame, latest.current.reading);
          if (next) {
            touched.current.set(id, performance.now());
            const before = knownNow.current.get(id);
            const after = next.get(id);
            if (after?.status === 'waiting' && before?.status !== 'waiting' && waitingBefore.current && !waitingBefore.current.has(id)) announce([after]);
            if (after?.status === 'waiting') waitingBefore.current?.add(id);
            else waitingBefore.current?.delete(id);
            setKnown(next);
          }
          // Counts move with states. A line of a conversation not known yet matters to All (the bot's new
          // conversations); elsewhere a conversation arrives with a change of state.
          if (frame.type === 'conversation' || (!next && frame.type === 'message' && latest.current.view === 'all')) relistSoon();
        },
      }),
    [live.subscribe, load, relistSoon],
  );

  usePolling(load, LIST_EVERY_MS, watch ? HIDDEN_EVERY_MS : undefined, Boolean(account) && live.status !== 'open');

  const moved = useCallback(
    (state: ConversationState) => {
      const next = applyFrame(knownNow.current, { type: 'conversation', ...state });
      if (next) {
        touched.current.set(state.conversationId, performance.now());
        setKnown(next);
      }
      relistSoon();
    },
    [relistSoon],
  );
  const read = useCallback(
    (conversationId: string, seq: number) => {
      const c = knownNow.current.get(conversationId);
      if (c && c.teamSeenSeq >= seq && c.unread === 0) return;
      if (!live.send({ type: 'seen', conversationId, seq })) api.seen(conversationId, seq).catch(() => undefined);
      const next = applyFrame(knownNow.current, { type: 'seen', conversationId, seq, by: 'team' });
      if (next) {
        touched.current.set(conversationId, performance.now());
        setKnown(next);
      }
    },
    [live.send],
  );
  const refresh = useCallback(() => {
    setStatus((now) => (now === 'failed' ? 'loading' : now));
    void load();
  }, [load]);

  return { status, known, listed, counts, agentsOnline, refresh, moved, read };
}
