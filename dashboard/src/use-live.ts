import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { type ClientFrame, LiveConnection, type LiveStatus, type ServerFrame } from './live-socket';

/** Closed this long, the inbox says live updates are paused. */
const PAUSED_AFTER_MS = 3_000;
/** A tab hidden this long counts as away; back in sight, online again. */
export const AWAY_AFTER_HIDDEN_MS = 3 * 60_000;

export interface LiveListener {
  frame?: (frame: ServerFrame) => void;
  /**
   * The socket opened (first, or again after a gap): whatever happened
   * before it could hear must be read again.
   */
  opened?: () => void;
}

export interface Live {
  status: LiveStatus;
  /** Not open for a while (not just reconnecting): the page polls, and says so. */
  paused: boolean;
  /** The person said they are away (or may not answer at all). */
  away: boolean;
  setAway: (away: boolean) => void;
  /** False when the frame could not go (socket closed, rate spent): use HTTP instead where there is a route. */
  send: (frame: ClientFrame) => boolean;
  subscribe: (listener: LiveListener) => () => void;
}

/**
 * The team's socket for the signed-in person (`account`), shared by the
 * inbox list and the open conversation. Presence follows the person's
 * choice and the tab: hidden for a few minutes is away. People who may not
 * answer (viewers) stay away, so "online" counts only those who can reply.
 */
export function useLive(account: string | undefined, mayAnswer: boolean): Live {
  const [status, setStatus] = useState<LiveStatus>('closed');
  const [paused, setPaused] = useState(false);
  const [chosenAway, setChosenAway] = useState(false);
  const [hiddenLong, setHiddenLong] = useState(false);
  const listeners = useRef(new Set<LiveListener>());
  const connection = useRef<LiveConnection | undefined>(undefined);
  const away = !mayAnswer || chosenAway || hiddenLong;
  const awayNow = useRef(away);
  awayNow.current = away;

  useEffect(() => {
    if (!account) return;
    const live = new LiveConnection({
      token: async () => (await api.liveToken()).token,
      onFrame: (frame) => {
        for (const l of listeners.current) l.frame?.(frame);
      },
      onStatus: (next) => {
        setStatus(next);
        if (next !== 'open') return;
        // Tells the team this person is here (or away): the count of who is online comes back to every inbox.
        live.send({ type: 'presence', status: awayNow.current ? 'away' : 'online' });
        // Even the first open: a change between the page's first listing and the socket's opening went unheard.
        for (const l of listeners.current) l.opened?.();
      },
    });
    connection.current = live;
    live.start();
    const online = () => live.retryNow();
    addEventListener('online', online);
    return () => {
      removeEventListener('online', online);
      connection.current = undefined;
      live.stop();
    };
  }, [account]);

  useEffect(() => {
    if (status === 'open' || !account) return setPaused(false);
    // A reconnect usually takes well under this: only a longer gap is worth saying.
    const timer = setTimeout(() => setPaused(true), PAUSED_AFTER_MS);
    return () => clearTimeout(timer);
  }, [status === 'open', account]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onVisibility = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'hidden') timer = setTimeout(() => setHiddenLong(true), AWAY_AFTER_HIDDEN_MS);
      else setHiddenLong(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);

  const first = useRef(true);
  useEffect(() => {
    // The opening frame already said it; only changes are sent here.
    if (first.current) {
      first.current = false;
      return;
    }
    connection.current?.send({ type: 'presence', status: away ? 'away' : 'online' });
  }, [away]);

  const send = useCallback((frame: ClientFrame) => connection.current?.send(frame) ?? false, []);
  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  return { status, paused, away, setAway: setChosenAway, send, subscribe };
}
