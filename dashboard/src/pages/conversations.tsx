import { api } from '../api';
import { withLeads } from '../lead-list';
import { fullName } from '../lead-list';
import { LoadFailed, Loading, useLoad } from '../load';
import { listHref } from '../route';
import { count } from '../text';
import { Transcript } from './transcript';

export function ConversationsPage({ selected, params }: { selected?: string | undefined; params: URLSearchParams }) {
  const from = params.get('from') ?? '';
  const [loaded, retry] = useLoad(async () => {
    const [conversations, leads] = await Promise.all([api.conversations(from || undefined), api.leads(from || undefined)]);
    return withLeads(conversations.reverse(), leads);
  }, [from]);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the conversations" onRetry={retry} />;
  const rows = loaded.data;
  const current = rows.find((r) => r.conversation.conversationId === selected);
  const link = (id: string) => `#/conversations/${encodeURIComponent(id)}${from ? `?${new URLSearchParams({ from })}` : ''}`;
  return (
    <section aria-labelledby="conv-title" class="split">
      <div>
        <h1 id="conv-title">Conversations</h1>
        {from && (
          <p class="muted">
            Since {new Date(from).toLocaleDateString()} · <a href={listHref('conversations')}>Show all</a>
          </p>
        )}
        {rows.length === 0 ? (
          <p>{from ? 'No conversations in these dates.' : 'No conversations yet.'}</p>
        ) : (
          <ul class="list">
            {rows.map(({ conversation: c, lead }) => (
              <li key={c.conversationId}>
                <a href={link(c.conversationId)} aria-current={c.conversationId === selected ? 'true' : undefined}>
                  {new Date(c.createdAt).toLocaleString()} · {count(c.messageCount, 'message', 'messages')}
                </a>
                {lead ? (
                  <span>
                    Lead: <a href={`#/leads/${encodeURIComponent(lead.contactId)}`}>{fullName(lead) || lead.email || 'no name'}</a>
                    {fullName(lead) && lead.email && <span class="muted"> · {lead.email}</span>}
                  </span>
                ) : (
                  <span class="muted">No lead</span>
                )}
                <span class="muted">{c.messages.at(-1)?.text.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {current && (
        <section aria-label="Transcript">
          <h2>Transcript</h2>
          <p class="muted">
            {current.conversation.pageUrl}
            {current.lead && (
              <>
                {' '}
                · <a href={`#/leads/${encodeURIComponent(current.lead.contactId)}`}>View lead</a>
              </>
            )}
          </p>
          <Transcript messages={current.conversation.messages} />
        </section>
      )}
    </section>
  );
}
