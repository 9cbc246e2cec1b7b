import { useEffect, useState } from 'preact/hooks';
import type { ConversationRow } from '../../../shared/schemas/exports';
import { api } from '../api';
import { Transcript } from './transcript';

export function ConversationsPage({ selected }: { selected?: string | undefined }) {
  const [rows, setRows] = useState<ConversationRow[] | null>(null);
  useEffect(() => {
    api.conversations().then((r) => setRows(r.reverse()), () => setRows([]));
  }, []);
  if (!rows) return <p aria-busy="true">Loading…</p>;
  const current = rows.find((c) => c.conversationId === selected);
  return (
    <section aria-labelledby="conv-title" class="split">
      <div>
        <h1 id="conv-title">Conversations</h1>
        {rows.length === 0 ? <p>No conversations yet.</p> : (
          <ul class="list">
            {rows.map((c) => (
              <li key={c.conversationId}>
                <a href={`#/conversations/${encodeURIComponent(c.conversationId)}`} aria-current={c.conversationId === selected ? 'true' : undefined}>
                  {new Date(c.createdAt).toLocaleString()} · {c.messageCount} messages
                </a>
                <span class="muted">{c.messages.at(-1)?.text.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {current && (
        <div aria-label="Transcript">
          <h2>Transcript</h2>
          <p class="muted">{current.pageUrl}{current.contactId && <> · <a href={`#/leads/${encodeURIComponent(current.contactId)}`}>View lead</a></>}</p>
          <Transcript messages={current.messages} />
        </div>
      )}
    </section>
  );
}
