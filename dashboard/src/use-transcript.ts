import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type LiveMessage, api } from './api';
import { mergeMessages, unbrokenSeq } from './inbox';
import { type Loaded, useLoad } from './load';
import { usePolling } from './polling';
import type { Live } from './use-live';

/** How often the open conversation asks for new lines while the socket is down. */
export const THREAD_EVERY_MS = 3_000;
/** "Visitor is typing…" lasts this long after the last typing frame. */
export const TYPING_SHOWN_MS = 4_000;

export interface Transcript {
  loaded: Loaded<LiveMessage[]>;
  retry: () => void;
  /** Every line known, once each, in the server's order; undefined until the first read. */
  messages: LiveMessage[] | undefined;
  /** Lines this page learnt otherwise (its own stored replies). */
  add: (messages: LiveMessage[]) => void;
  visitorTyping: boolean;
  /** A teammate writing a reply here now (their name), so two people do not answer at once. */
  teammateTyping: string | undefined;
}

/**
 * One conversation's lines: read once, then kept current by the socket's
 * frames. A frame past a gap (a lost frame), every reconnect, and, while
 * the socket is down, a short poll read what came after the last unbroken
 * sequence number, so nothing is missed and nothing shows twice.
 */
export function useTranscript(conversationId: string, live: Live): Transcript {
  const [loaded, retry] = useLoad(() => api.messagesAfter(conversationId, 0), [conversationId]);
  const [added, setAdded] = useState<LiveMessage[]>([]);
  const [typingUntil, setTypingUntil] = useState(0);
  const [teammate, setTeammate] = useState<{ name: string; until: number } | undefined>(undefined);
  const messages = useMemo(() => (loaded.status === 'ready' ? mergeMessages(loaded.data, added) : undefined), [loaded, added]);
  const now = useRef(messages);
  now.current = messages;
  const reading = useRef(false);
  const readAgain = useRef(false);

  const add = useCallback((fresh: LiveMessage[]) => {
    if (fresh.length > 0) setAdded((was) => [...was, ...fresh]);
  }, []);
  const resync = useCallback(async () => {
    // Asked again while a read is under way: that read may have left too early, so one more follows it.
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        readAgain.current = false;
        const known = now.current;
        if (!known) return;
        const fresh = await api.messagesAfter(conversationId, unbrokenSeq(known));
        add(fresh);
        // Seen by the next round before React renders it.
        now.current = mergeMessages(known, fresh);
      } while (readAgain.current);
    } finally {
      reading.current = false;
    }
  }, [conversationId, add]);

  useEffect(
    () =>
      live.subscribe({
        opened: () => void resync().catch(() => undefined),
        frame: (frame) => {
          if (frame.type === 'typing' && frame.conversationId === conversationId) {
            const until = Date.now() + TYPING_SHOWN_MS;
            if (frame.author === 'visitor') setTypingUntil(until);
            else setTeammate({ name: frame.name || 'A teammate', until });
          }
          if (frame.type !== 'message' || frame.conversationId !== conversationId) return;
          const m = frame.message;
          if (m.author === 'visitor') setTypingUntil(0);
          else if (m.author === 'agent') setTeammate(undefined);
          const known = now.current;
          add([m]);
          // A line beyond the next one means a frame went missing: read what came after the last unbroken line.
          if (known && m.seq > unbrokenSeq(known) + 1) void resync().catch(() => undefined);
        },
      }),
    [live.subscribe, conversationId, resync, add],
  );

  useEffect(() => {
    if (typingUntil === 0) return;
    const timer = setTimeout(() => setTypingUntil(0), Math.max(0, typingUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [typingUntil]);

  useEffect(() => {
    if (!teammate) return;
    const timer = setTimeout(() => setTeammate(undefined), Math.max(0, teammate.until - Date.now()));
    return () => clearTimeout(timer);
  }, [teammate]);

  usePolling(resync, THREAD_EVERY_MS, undefined, loaded.status === 'ready' && live.status !== 'open');

  return { loaded, retry, messages, add, visitorTyping: typingUntil > 0, teammateTyping: teammate?.name };
}
