import { useState } from 'preact/hooks';
import { ApiError, type ConversationState, type InboxConversation, api } from '../api';

/** Someone a conversation may go to: `user:<id>` and how they are named. */
export interface Assignable {
  id: string;
  name: string;
}

const STATUS_LABELS: Record<InboxConversation['status'], string> = { bot: 'With the bot', waiting: 'Waiting', open: 'Open', closed: 'Closed' };

/** The menu's people: me first, then the rest by name, and whoever has it now even if not listed. */
export function menuPeople(me: Assignable, others: readonly Assignable[], current: Assignable | null): Assignable[] {
  const byId = new Map<string, Assignable>();
  for (const p of [...others, ...(current ? [current] : [])]) if (p.id !== me.id) byId.set(p.id, p);
  return [me, ...[...byId.values()].sort((a, b) => a.name.localeCompare(b.name))];
}

function problem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return 'Your role cannot change conversations.';
  if (error instanceof ApiError && error.status === 404) return 'This conversation no longer exists.';
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return error.issues[0]?.message ?? error.message;
  return 'Parley could not be reached. Try again.';
}

/**
 * Where the conversation stands, and (for people who may reply) the assign
 * menu — me, the team's people who may reply, or nobody — with Close or
 * Reopen.
 */
export function ConversationActions({
  conversation,
  me,
  people,
  canChange,
  onMoved,
}: {
  conversation: InboxConversation;
  me: Assignable;
  people: readonly Assignable[];
  canChange: boolean;
  onMoved: (state: ConversationState) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState('');
  const { conversationId, status, assignee } = conversation;
  const act = async (change: () => Promise<ConversationState>) => {
    setBusy(true);
    setFailed('');
    try {
      onMoved(await change());
    } catch (error) {
      setFailed(problem(error));
    } finally {
      setBusy(false);
    }
  };
  const who = assignee ? (assignee.id === me.id ? `you (${assignee.name || me.name})` : assignee.name || 'someone') : 'nobody';
  return (
    <div class="conversation-actions">
      <p aria-live="polite">
        <span class={`status ${status}`}>{STATUS_LABELS[status]}</span> · Assigned to {who}
      </p>
      {canChange && (
        <div class="actions">
          <label>
            Assign to{' '}
            <select
              value={assignee?.id ?? ''}
              disabled={busy}
              onChange={(e) => {
                const next = e.currentTarget.value;
                if (next !== (assignee?.id ?? '')) void act(() => api.assign(conversationId, next || null));
              }}
            >
              <option value="">Nobody (unassign)</option>
              {menuPeople(me, people, assignee).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === me.id ? `Me (${p.name})` : p.name}
                </option>
              ))}
            </select>
          </label>
          {assignee?.id !== me.id && (
            <button type="button" disabled={busy} onClick={() => void act(() => api.assign(conversationId, me.id))}>
              Assign to me
            </button>
          )}
          {status === 'closed' ? (
            <button type="button" disabled={busy} onClick={() => void act(() => api.reopen(conversationId))}>
              Reopen
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void act(() => api.close(conversationId))}>
              Close
            </button>
          )}
        </div>
      )}
      {failed && <p role="alert">{failed}</p>}
    </div>
  );
}
