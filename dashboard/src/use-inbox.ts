import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationRow, MessageRow } from '../../shared/schemas/exports';
import { type ListedLead, type LiveMessage, api } from './api';
import { asRows, byActivity, type InboxRow, isWaiting, keepNewer, newlyWaiting, waitingIds, withLeads } from './inbox';
import type { Loaded } from './load';
import { usePolling } from './polling';

/** How often the list is asked again while the tab is visible. */
export const LIST_EVERY_MS = 10_000;
/** While hidden, only someone who asked to be notified keeps a slow watch. */
const HIDDEN_EVERY_MS = 60_000;

export interface Inbox {
  /** Newest activity first. */
  rows: Loaded<InboxRow[]>;
  waiting: number;
  refresh: () => void;
  /** What the open transcript knows, so the list says the same before its next listing. */
  noteTranscript: (conversationId: string, messages: readonly LiveMessage[]) => void;
}

interface Listing {
  conversations: ConversationRow[];
  leads: ListedLead[];
}

/**
 * The conversations of the signed-in person's team, kept fresh for the
 * Inbox and the nav badge. `onNewlyWaiting` hears of conversations that
 * started waiting since the last listing (never of those found at the first).
 */
export function useInbox(account: string | undefined, watchHidden: boolean, onNewlyWaiting: (rows: InboxRow[]) => void): Inbox {
  const [listing, setListing] = useState<Loaded<Listing>>({ status: 'loading' });
  const [known, setKnown] = useState<ReadonlyMap<string, readonly MessageRow[]>>(new Map());
  const seenWaiting = useRef<Set<string> | undefined>(undefined);
  const announce = useRef(onNewlyWaiting);
  announce.current = onNewlyWaiting;
  const knownNow = useRef(known);
  knownNow.current = known;
  const generation = useRef(0);

  const load = useCallback(async () => {
    if (!account) return;
    const run = generation.current;
    try {
      const [conversations, leads] = await Promise.all([api.conversations(), api.leads()]);
      if (run !== generation.current) return;
      const rows = withLeads(keepNewer(conversations, knownNow.current), leads);
      if (seenWaiting.current) {
        const fresh = newlyWaiting(seenWaiting.current, rows);
        if (fresh.length > 0) announce.current(fresh);
      }
      seenWaiting.current = waitingIds(rows);
      setListing({ status: 'ready', data: { conversations, leads } });
    } catch (error) {
      // A failed refresh keeps what was shown; only a first load says it failed.
      if (run === generation.current) setListing((now) => (now.status === 'ready' ? now : { status: 'failed', error }));
    }
  }, [account]);

  useEffect(() => {
    generation.current++;
    seenWaiting.current = undefined;
    setKnown(new Map());
    setListing({ status: 'loading' });
    void load();
  }, [account]);
  usePolling(load, LIST_EVERY_MS, watchHidden ? HIDDEN_EVERY_MS : undefined, Boolean(account));

  const noteTranscript = useCallback((conversationId: string, messages: readonly LiveMessage[]) => {
    const rows = asRows(conversationId, messages);
    // The person is looking at it: a visitor's new line there is no news to announce.
    if (isWaiting(rows)) seenWaiting.current?.add(conversationId);
    setKnown((now) => new Map(now).set(conversationId, rows));
  }, []);
  const refresh = useCallback(() => {
    if (listing.status === 'failed') setListing({ status: 'loading' });
    void load();
  }, [load, listing.status]);

  const rows = useMemo<Loaded<InboxRow[]>>(
    () =>
      listing.status === 'ready' ? { status: 'ready', data: byActivity(withLeads(keepNewer(listing.data.conversations, known), listing.data.leads)) } : listing,
    [listing, known],
  );
  const waiting = rows.status === 'ready' ? rows.data.filter((r) => isWaiting(r.conversation.messages)).length : 0;
  return { rows, waiting, refresh, noteTranscript };
}
