import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LEAD_FIELDS } from '../../../shared/events';
import { ApiError, type LiveMessage, type Me, api } from '../api';
import { type InboxRow, lastSeq, mergeMessages, newMessageId } from '../inbox';
import { LEAD_FIELD_LABELS } from '../lead-fields';
import { fullName } from '../lead-list';
import { LoadFailed, Loading, useLoad } from '../load';
import { usePolling } from '../polling';
import { ReplyBox } from './reply-box';

/** How often the open conversation asks for new messages. */
export const THREAD_EVERY_MS = 3_000;

/** A reply this page sent: shown at once, marked sent when the API has stored it. */
interface Outgoing {
  id: string;
  text: string;
  ts: string;
  state: 'sending' | 'sent' | 'failed';
  problem?: string;
}

/** The name the API gives an agent's reply (the same rule), so a sent line reads as it will to others. */
const agentName = (me: Me) => me.user.name || me.user.email.split('@')[0] || 'Team';

function sendProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return 'Your role cannot reply in conversations.';
  if (error instanceof ApiError && error.status === 404) return 'This conversation no longer exists.';
  if (error instanceof ApiError && error.status === 429) return 'Too many messages at once. Retry in a moment.';
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return error.issues[0]?.message ?? error.message;
  return 'Not sent: Parley could not be reached.';
}

/**
 * One conversation: the transcript (new lines arrive by polling), the
 * visitor's lead beside it, and the reply box for roles that may reply.
 */
export function InboxThread({
  conversationId,
  row,
  me,
  canReply,
  onMessages,
}: {
  conversationId: string;
  row: InboxRow | undefined;
  me: Me;
  canReply: boolean;
  onMessages: (messages: readonly LiveMessage[]) => void;
}) {
  const [loaded, retry] = useLoad(() => api.messagesAfter(conversationId, 0), [conversationId]);
  // Lines learnt after the first read (polled, or replies stored); added by function so none is lost to a race.
  const [added, setAdded] = useState<LiveMessage[]>([]);
  const [outbox, setOutbox] = useState<Outgoing[]>([]);
  // Only what a read returned moves the cursor: a reply stored in between must not skip a visitor's line before it.
  const cursor = useRef(0);
  const messages = useMemo(() => (loaded.status === 'ready' ? mergeMessages(loaded.data, added) : undefined), [loaded, added]);

  useEffect(() => {
    if (loaded.status === 'ready') cursor.current = Math.max(cursor.current, lastSeq(loaded.data));
  }, [loaded]);
  useEffect(() => {
    if (messages) onMessages(messages);
  }, [messages]);

  usePolling(
    async () => {
      const after = cursor.current;
      const fresh = await api.messagesAfter(conversationId, after);
      if (fresh.length === 0) return;
      cursor.current = Math.max(cursor.current, lastSeq(fresh));
      setAdded((now) => [...now, ...fresh]);
    },
    THREAD_EVERY_MS,
    undefined,
    loaded.status === 'ready',
  );

  const deliver = async (out: Outgoing) => {
    setOutbox((now) => [...now.filter((o) => o.id !== out.id), { ...out, state: 'sending' }]);
    try {
      const stored = await api.reply(conversationId, { id: out.id, text: out.text, ts: out.ts });
      setOutbox((now) => now.map((o) => (o.id === out.id ? { ...o, state: 'sent' } : o)));
      const mine: LiveMessage = { id: out.id, author: 'agent', text: out.text, ts: out.ts, seq: stored.seq, name: agentName(me) };
      setAdded((now) => [...now, mine]);
    } catch (error) {
      setOutbox((now) => now.map((o) => (o.id === out.id ? { ...o, state: 'failed', problem: sendProblem(error) } : o)));
    }
  };
  const send = (text: string) => void deliver({ id: newMessageId(), text, ts: new Date().toISOString(), state: 'sending' });

  const lead = row?.lead;
  const visitor = (lead && (fullName(lead) || lead.email)) || 'Visitor';
  const who = (m: LiveMessage) => (m.author === 'visitor' ? visitor : m.author === 'bot' ? 'Bot' : m.name || 'Agent');
  const stateOf = new Map(outbox.map((o) => [o.id, o]));
  const pending = outbox.filter((o) => !messages?.some((m) => m.id === o.id));
  return (
    <section aria-label="Conversation" class="thread">
      <div>
        <h2>{visitor}</h2>
        {loaded.status === 'loading' ? (
          <Loading />
        ) : loaded.status === 'failed' ? (
          <LoadFailed what="this conversation" onRetry={retry} />
        ) : (
          <ol class="transcript" aria-label="Transcript" aria-live="polite">
            {(messages ?? []).map((m) => (
              <li key={m.id} class={m.author}>
                <span class="who">{who(m)}</span> <time dateTime={m.ts}>{new Date(m.ts).toLocaleTimeString()}</time>
                {stateOf.get(m.id)?.state === 'sent' && <span class="muted"> · Sent</span>}
                <p>{m.text}</p>
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
        {canReply && messages && <ReplyBox onSend={send} />}
      </div>
      <aside aria-label="Visitor">
        <h3>Visitor</h3>
        <dl class="fields">
          {lead && LEAD_FIELDS.filter((f) => lead[f]).map((f) => [<dt key={`${f}-t`}>{LEAD_FIELD_LABELS[f]}</dt>, <dd key={`${f}-d`}>{lead[f]}</dd>])}
          <dt>Page</dt>
          <dd>{row?.conversation.pageUrl || 'Unknown'}</dd>
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
