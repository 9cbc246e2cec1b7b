import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type ConversationState, type InboxConversation, type LiveMessage, type Me, api } from '../api';
import { lastSeq, newMessageId, seenReply, visitorName } from '../inbox';
import { LoadFailed, Loading } from '../load';
import type { Live } from '../use-live';
import { useTranscript } from '../use-transcript';
import { type Assignable, ConversationActions } from './conversation-actions';
import { ReplyBox } from './reply-box';

/** At most one "typing" frame this often while the person types. */
export const TYPING_EVERY_MS = 2_000;

/** A reply this page sent: shown at once, marked sent when the API has stored it. */
interface Outgoing {
  id: string;
  text: string;
  ts: string;
  state: 'sending' | 'sent' | 'failed';
  problem?: string;
}

/** The name the API gives an agent's reply (the same rule), so a sent line reads as it will to others. */
export const agentName = (me: Me) => me.user.name || me.user.email.split('@')[0] || 'Team';

function sendProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return 'Your role cannot reply in conversations.';
  if (error instanceof ApiError && error.status === 404) return 'This conversation no longer exists.';
  if (error instanceof ApiError && error.status === 429) return 'Too many messages at once. Retry in a moment.';
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return error.issues[0]?.message ?? error.message;
  return 'Not sent: Parley could not be reached.';
}

/**
 * One conversation: the transcript (live), "typing…" and "Seen", the
 * visitor's lead beside it, and for roles that may reply the reply box,
 * the assign menu, Close and Reopen. Reading it marks it read.
 */
export function InboxThread({
  conversationId,
  row,
  me,
  canReply,
  live,
  people,
  onRead,
  onMoved,
}: {
  conversationId: string;
  row: InboxConversation | undefined;
  me: Me;
  canReply: boolean;
  live: Live;
  people: readonly Assignable[];
  onRead: (seq: number) => void;
  onMoved: (state: ConversationState) => void;
}) {
  const { loaded, retry, messages, add, visitorTyping, teammateTyping } = useTranscript(conversationId, live);
  const [outbox, setOutbox] = useState<Outgoing[]>([]);
  const typedAt = useRef(0);
  const self: Assignable = { id: `user:${me.user.id}`, name: agentName(me) };

  // What is on screen is read: the team's unread count clears and the visitor hears "seen".
  const upTo = messages ? lastSeq(messages) : 0;
  useEffect(() => {
    if (!canReply || upTo === 0) return;
    const markRead = () => document.visibilityState === 'visible' && onRead(upTo);
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [canReply, upTo]);

  const deliver = async (out: Outgoing) => {
    setOutbox((now) => [...now.filter((o) => o.id !== out.id), { ...out, state: 'sending' }]);
    try {
      const stored = await api.reply(conversationId, { id: out.id, text: out.text, ts: out.ts });
      setOutbox((now) => now.map((o) => (o.id === out.id ? { ...o, state: 'sent' } : o)));
      add([{ id: out.id, author: 'agent', text: out.text, ts: out.ts, seq: stored.seq, name: agentName(me) }]);
      // A reply takes a conversation nobody has, and opens it (the API's rule): the list moves it to Mine now.
      if (row && (row.status !== 'open' || !row.assignee)) onMoved({ conversationId, status: 'open', assignee: row.assignee ?? self });
    } catch (error) {
      setOutbox((now) => now.map((o) => (o.id === out.id ? { ...o, state: 'failed', problem: sendProblem(error) } : o)));
    }
  };
  const send = (text: string) => void deliver({ id: newMessageId(), text, ts: new Date().toISOString(), state: 'sending' });
  const typing = () => {
    const now = Date.now();
    if (now - typedAt.current < TYPING_EVERY_MS) return;
    typedAt.current = now;
    live.send({ type: 'typing', conversationId });
  };

  const visitor = row ? visitorName(row) : 'Visitor';
  const who = (m: LiveMessage) => (m.author === 'visitor' ? visitor : m.author === 'bot' ? 'Bot' : m.name || 'Agent');
  const stateOf = new Map(outbox.map((o) => [o.id, o]));
  const pending = outbox.filter((o) => !messages?.some((m) => m.id === o.id));
  const seen = messages && row ? seenReply(messages, row.visitorSeenSeq) : undefined;
  const lead = row?.lead;
  return (
    <section aria-label="Conversation" class="thread">
      <div>
        <h2>{visitor}</h2>
        {row && <ConversationActions conversation={row} me={self} people={people} canChange={canReply} onMoved={onMoved} />}
        {loaded.status === 'loading' ? (
          <Loading />
        ) : loaded.status === 'failed' ? (
          <LoadFailed what="this conversation" onRetry={retry} />
        ) : (
          <ol class="transcript" aria-label="Transcript" aria-live="polite">
            {(messages ?? []).map((m) => (
              <li key={m.id} class={m.author}>
                <span class="who">{who(m)}</span> <time dateTime={m.ts}>{new Date(m.ts).toLocaleTimeString()}</time>
                {/* Sent from here and now among the stored lines: stored, even if its answer was lost. */}
                {stateOf.has(m.id) && <span class="muted"> · Sent</span>}
                <p>{m.text}</p>
                {m.id === seen?.id && <p class="muted seen">Seen</p>}
              </li>
            ))}
            {pending.map((o) => (
              <li key={o.id} class={`agent ${o.state}`}>
                <span class="who">{agentName(me)}</span> <span class="muted">· {o.state === 'failed' ? 'Not sent' : 'Sending…'}</span>
                <p>{o.text}</p>
                {o.state === 'failed' && (
                  <div role="alert" class="send-failed">
                    {o.problem}{' '}
                    <button type="button" onClick={() => void deliver(o)}>
                      Retry
                    </button>{' '}
                    <button type="button" class="link" onClick={() => setOutbox((now) => now.filter((x) => x.id !== o.id))}>
                      Discard
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
        <p class="muted typing" aria-live="polite">
          {[visitorTyping && `${visitor} is typing…`, teammateTyping && `${teammateTyping} is writing a reply…`].filter(Boolean).join(' ')}
        </p>
        {canReply && messages && <ReplyBox onSend={send} onTyping={typing} />}
      </div>
      <aside aria-label="Visitor">
        <h3>Visitor</h3>
        <dl class="fields">
          {lead?.name && [<dt key="name-t">Name</dt>, <dd key="name-d">{lead.name}</dd>]}
          {lead?.email && [<dt key="email-t">Email</dt>, <dd key="email-d">{lead.email}</dd>]}
          {lead?.company && [<dt key="company-t">Company</dt>, <dd key="company-d">{lead.company}</dd>]}
          <dt>Page</dt>
          <dd>{row?.pageUrl || 'Unknown'}</dd>
        </dl>
        {lead ? (
          <p>
            <a href={`#/leads/${encodeURIComponent(lead.contactId)}`}>Open the lead</a>
          </p>
        ) : (
          <p class="muted">No contact details yet.</p>
        )}
      </aside>
    </section>
  );
}
