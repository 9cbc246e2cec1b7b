import { useState } from 'preact/hooks';
import type { Me } from '../api';
import { type InboxRow, isWaiting, lastActivity, preview } from '../inbox';
import { fullName } from '../lead-list';
import { LoadFailed, Loading } from '../load';
import type { NotifyPermission } from '../notify';
import { can } from '../roles';
import { updateQuery } from '../route';
import { count } from '../text';
import type { Inbox } from '../use-inbox';
import { InboxThread } from './inbox-thread';

type Tab = 'waiting' | 'all';
const TABS: readonly (readonly [Tab, string])[] = [
  ['waiting', 'Waiting'],
  ['all', 'All'],
];
/** Rows shown at first; the rest on request, so a long history does not slow every refresh. */
const PAGE = 100;

export interface NotifyChoice {
  on: boolean;
  permission: NotifyPermission;
  set: (on: boolean) => void;
}

const AUTHOR_LABEL = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent' } as const;

/** The visitor as the list names them: their lead's name or email, else "Visitor". */
export const visitorName = (row: InboxRow) => (row.lead ? fullName(row.lead) || row.lead.email : '') || 'Visitor';

export function InboxPage({
  inbox,
  me,
  selected,
  params,
  notify,
}: {
  inbox: Inbox;
  me: Me;
  selected: string | undefined;
  params: URLSearchParams;
  notify: NotifyChoice;
}) {
  const tab: Tab = params.get('tab') === 'all' ? 'all' : 'waiting';
  const [shown, setShown] = useState(PAGE);
  if (inbox.rows.status === 'loading') return <Loading />;
  if (inbox.rows.status === 'failed') return <LoadFailed what="the inbox" onRetry={inbox.refresh} />;
  const all = inbox.rows.data;
  const waiting = all.filter((r) => isWaiting(r.conversation.messages));
  const rows = tab === 'waiting' ? waiting : all;
  const current = selected ? all.find((r) => r.conversation.conversationId === selected) : undefined;
  const link = (id: string) => `#/inbox/${encodeURIComponent(id)}${tab === 'all' ? '?tab=all' : ''}`;
  return (
    <section aria-labelledby="inbox-title" class="split inbox">
      <div>
        <h1 id="inbox-title">Inbox</h1>
        <div role="tablist" aria-label="Conversations" class="tabs">
          {TABS.map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              onClick={() => {
                setShown(PAGE);
                updateQuery({ tab: key === 'all' ? 'all' : null });
              }}
            >
              {label} <span class="count">{key === 'waiting' ? waiting.length : all.length}</span>
            </button>
          ))}
        </div>
        <label class="inline notify">
          <input type="checkbox" checked={notify.on} onChange={(e) => notify.set(e.currentTarget.checked)} />
          Notify me of new waiting conversations
        </label>
        {notify.on && notify.permission === 'denied' && <p class="muted">This browser blocks notifications from Parley; you will hear a chime only.</p>}
        <div role="tabpanel" aria-label={tab === 'waiting' ? 'Waiting' : 'All'}>
          {rows.length === 0 ? (
            <p class="muted">{tab === 'waiting' ? 'No one is waiting for an answer.' : 'No conversations yet.'}</p>
          ) : (
            <ul class="list conversations">
              {rows.slice(0, shown).map((row) => {
                const c = row.conversation;
                const last = c.messages.at(-1);
                return (
                  <li key={c.conversationId} class={isWaiting(c.messages) ? 'waiting' : undefined}>
                    <a href={link(c.conversationId)} aria-current={c.conversationId === selected ? 'true' : undefined}>
                      {visitorName(row)}
                    </a>
                    <span class="muted">
                      <time dateTime={new Date(lastActivity(c)).toISOString()}>{new Date(lastActivity(c)).toLocaleString()}</time> · {c.pageUrl || 'No page'}
                    </span>
                    <span class="last">{last ? `${AUTHOR_LABEL[last.author]}: ${preview(last.text)}` : 'No messages yet'}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {rows.length > shown && (
            <button type="button" onClick={() => setShown((n) => n + PAGE)}>
              Show {count(Math.min(PAGE, rows.length - shown), 'more conversation', 'more conversations')}
            </button>
          )}
        </div>
      </div>
      {selected ? (
        <InboxThread
          key={selected}
          conversationId={selected}
          row={current}
          me={me}
          canReply={can(me.role, 'write')}
          onMessages={(messages) => inbox.noteTranscript(selected, messages)}
        />
      ) : (
        <p class="muted">Choose a conversation to read it{can(me.role, 'write') ? ' and reply' : ''}.</p>
      )}
    </section>
  );
}
