import { useEffect, useState } from 'preact/hooks';
import { type InboxConversation, type InboxView, type Me, api } from '../api';
import { asView, preview, rowsOf, VIEWS, visitorName } from '../inbox';
import { LoadFailed, Loading } from '../load';
import type { NotifyPermission } from '../notify';
import { can } from '../roles';
import { updateQuery } from '../route';
import { count } from '../text';
import type { Inbox } from '../use-inbox';
import type { Live } from '../use-live';
import type { Assignable } from './conversation-actions';
import { InboxThread } from './inbox-thread';

/** Rows shown at first; the rest on request, so a long history does not slow every change. */
const PAGE = 100;

export interface NotifyChoice {
  on: boolean;
  permission: NotifyPermission;
  set: (on: boolean) => void;
}

const AUTHOR_LABEL = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent' } as const;
const EMPTY: Record<InboxView, string> = {
  waiting: 'No one is waiting for an answer.',
  mine: 'No conversations are assigned to you.',
  all: 'No open conversations.',
  closed: 'No closed conversations.',
};

/** The team's people who may reply, for the assign menu of anyone who may assign. */
function usePeople(me: Me): Assignable[] {
  const [people, setPeople] = useState<Assignable[]>([]);
  useEffect(() => {
    if (!can(me.role, 'write')) return;
    api.inboxPeople().then(
      (listed) => setPeople(listed.map(({ id, name }) => ({ id, name }))),
      () => undefined,
    );
  }, [me.tenantId, me.role]);
  return people;
}

function Row({ c, selected, href }: { c: InboxConversation; selected: boolean; href: string }) {
  const at = new Date(c.lastMessageAt);
  return (
    <li class={c.status === 'waiting' ? 'waiting' : undefined}>
      <a href={href} aria-current={selected ? 'true' : undefined}>
        {visitorName(c)}
        {c.unread > 0 && (
          <span class="unread" title={`${c.unread} unread`}>
            <span class="visually-hidden">, unread: </span>
            {c.unread}
          </span>
        )}
      </a>
      <span class="muted">
        <time dateTime={at.toISOString()}>{at.toLocaleString()}</time> · {c.pageUrl || 'No page'}
        {c.assignee && ` · ${c.assignee.name}`}
      </span>
      <span class="last">{c.lastAuthor ? `${AUTHOR_LABEL[c.lastAuthor]}: ${preview(c.preview)}` : 'No messages yet'}</span>
    </li>
  );
}

export function InboxPage({
  inbox,
  live,
  me,
  selected,
  params,
  notify,
}: {
  inbox: Inbox;
  live: Live;
  me: Me;
  selected: string | undefined;
  params: URLSearchParams;
  notify: NotifyChoice;
}) {
  const tab = asView(params.get('tab'));
  const [shown, setShown] = useState(PAGE);
  const people = usePeople(me);
  const canReply = can(me.role, 'write');
  if (inbox.status === 'loading') return <Loading />;
  if (inbox.status === 'failed') return <LoadFailed what="the inbox" onRetry={inbox.refresh} />;
  const actor = `user:${me.user.id}`;
  const rows = rowsOf(inbox.known, tab, actor);
  const current = selected ? inbox.known.get(selected) : undefined;
  const link = (id: string) => `#/inbox/${encodeURIComponent(id)}${tab === 'waiting' ? '' : `?tab=${tab}`}`;
  const online = inbox.agentsOnline;
  return (
    <section aria-labelledby="inbox-title" class="split inbox">
      <div>
        <h1 id="inbox-title">Inbox</h1>
        <div class="presence">
          {canReply && (
            <label class="inline">
              <input type="checkbox" checked={!live.away} onChange={(e) => live.setAway(!e.currentTarget.checked)} />
              Online for chat
            </label>
          )}
          <span role="status">
            {online === 0 ? 'No one online to answer' : `${count(online, 'person', 'people')} online to answer`}
            {live.paused ? ' · live updates paused, checking every few seconds' : ''}
          </span>
        </div>
        <div role="tablist" aria-label="Conversations" class="tabs">
          {VIEWS.map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              onClick={() => {
                setShown(PAGE);
                updateQuery({ tab: key === 'waiting' ? null : key });
              }}
            >
              {label}
              {key !== 'closed' && (
                <>
                  {' '}
                  <span class="count">{inbox.counts[key]}</span>
                </>
              )}
            </button>
          ))}
        </div>
        <label class="inline notify">
          <input type="checkbox" checked={notify.on} onChange={(e) => notify.set(e.currentTarget.checked)} />
          Notify me of new waiting conversations
        </label>
        {notify.on && notify.permission === 'denied' && <p class="muted">This browser blocks notifications from Parley; you will hear a chime only.</p>}
        <div role="tabpanel" aria-label={VIEWS.find(([v]) => v === tab)?.[1]}>
          {!inbox.listed.has(tab) ? (
            <Loading />
          ) : rows.length === 0 ? (
            <p class="muted">{EMPTY[tab]}</p>
          ) : (
            <ul class="list conversations">
              {rows.slice(0, shown).map((c) => (
                <Row key={c.conversationId} c={c} selected={c.conversationId === selected} href={link(c.conversationId)} />
              ))}
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
          canReply={canReply}
          live={live}
          people={people}
          onRead={(seq) => inbox.read(selected, seq)}
          onMoved={inbox.moved}
        />
      ) : (
        <p class="muted">Choose a conversation to read it{canReply ? ' and reply' : ''}.</p>
      )}
    </section>
  );
}
