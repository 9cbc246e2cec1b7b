import { describe, expect, it } from 'vitest';
import type { InboxConversation, LiveMessage } from './api';
import {
  applyFrame,
  asView,
  inView,
  lastSeq,
  mergeListing,
  mergeMessages,
  newlyWaiting,
  newMessageId,
  preview,
  rowsOf,
  seenReply,
  unbrokenSeq,
  visitorName,
  waitingIds,
} from './inbox';

const ME = 'user:me';

const row = (id: string, fields: Partial<InboxConversation> = {}): InboxConversation => ({
  conversationId: id,
  status: 'waiting',
  assignee: null,
  unread: 1,
  lastAuthor: 'visitor',
  preview: 'Hello?',
  lastMessageAt: '2026-11-01T10:00:00.000Z',
  createdAt: '2026-11-01T09:00:00.000Z',
  pageUrl: 'https://acme.example/pricing',
  visitorId: `v-${id}`,
  teamSeenSeq: 0,
  visitorSeenSeq: 0,
  lead: null,
  ...fields,
});

const known = (...rows: InboxConversation[]) => new Map(rows.map((r) => [r.conversationId, r]));

const live = (seq: number, author: LiveMessage['author'] = 'visitor', id = `m${seq}`): LiveMessage => ({
  id,
  author,
  text: `line ${seq}`,
  ts: `2026-11-01T10:00:${String(seq).padStart(2, '0')}.000Z`,
  seq,
});

describe('the tabs', () => {
  it.each([
    [{ status: 'waiting' }, ['waiting', 'all']],
    [{ status: 'bot' }, ['all']],
    [{ status: 'open', assignee: { id: ME, name: 'Me' } }, ['mine', 'all']],
    [{ status: 'open', assignee: { id: 'user:other', name: 'Aino' } }, ['all']],
    [{ status: 'closed', assignee: { id: ME, name: 'Me' } }, ['closed']],
  ] as [Partial<InboxConversation>, string[]][])('%j is under %j', (fields, views) => {
    expect((['waiting', 'mine', 'all', 'closed'] as const).filter((v) => inView(row('c', fields), v, ME))).toEqual(views);
  });

  it('reads the tab from the address, Waiting by default', () => {
    expect(asView('closed')).toBe('closed');
    expect(asView(null)).toBe('waiting');
    expect(asView('bogus')).toBe('waiting');
  });

  it('orders a tab by the newest activity', () => {
    const rows = known(row('old', { lastMessageAt: '2026-11-01T08:00:00.000Z' }), row('new', { lastMessageAt: '2026-11-02T08:00:00.000Z' }));
    expect(rowsOf(rows, 'waiting', ME).map((r) => r.conversationId)).toEqual(['new', 'old']);
  });

  it('names the visitor by the lead, else "Visitor"', () => {
    expect(visitorName(row('c', { lead: { contactId: 'k', name: 'Helmi', email: 'h@example.fi', company: '' } }))).toBe('Helmi');
    expect(visitorName(row('c', { lead: { contactId: 'k', name: '', email: 'h@example.fi', company: '' } }))).toBe('h@example.fi');
    expect(visitorName(row('c'))).toBe('Visitor');
  });
});

describe('a listing merged into what is known', () => {
  it('replaces the tab’s rows, drops those that left it, and keeps other tabs’ rows', () => {
    const before = known(row('gone'), row('stays'), row('closed', { status: 'closed' }));
    const after = mergeListing(before, [row('stays', { unread: 3 }), row('new')], 'waiting', ME, 100, new Map());
    expect([...after.keys()].sort()).toEqual(['closed', 'new', 'stays']);
    expect(after.get('stays')?.unread).toBe(3);
  });

  it('keeps what the socket said after the listing left', () => {
    const before = known(row('c', { status: 'open', assignee: { id: ME, name: 'Me' }, unread: 0 }));
    const stale = row('c', { status: 'waiting', lead: { contactId: 'k', name: 'Helmi', email: '', company: '' } });
    const merged = mergeListing(before, [stale], 'waiting', ME, 100, new Map([['c', 150]]));
    expect(merged.get('c')).toMatchObject({ status: 'open', unread: 0, lead: { name: 'Helmi' } });
    // Heard before the listing left: the listing wins.
    expect(mergeListing(before, [stale], 'waiting', ME, 200, new Map([['c', 150]])).get('c')?.status).toBe('waiting');
    // The conversation open on screen is never dropped by a listing that misses it (it may be moving right then).
    expect(mergeListing(known(row('open')), [], 'waiting', ME, 100, new Map(), 'open').has('open')).toBe(true);
    expect(mergeListing(known(row('open')), [], 'waiting', ME, 100, new Map()).has('open')).toBe(false);
  });
});

describe('frames applied to the inbox', () => {
  it('moves a conversation on a change of state', () => {
    const next = applyFrame(known(row('c')), { type: 'conversation', conversationId: 'c', status: 'open', assignee: { id: ME, name: 'Me' } });
    expect(next?.get('c')).toMatchObject({ status: 'open', assignee: { id: ME } });
    expect(applyFrame(known(row('c')), { type: 'conversation', conversationId: 'x', status: 'open', assignee: null })).toBeUndefined();
  });

  it('counts a visitor’s new line as unread, except in the conversation being read; a reply reads it', () => {
    const rows = known(row('c', { unread: 1, teamSeenSeq: 1 }));
    const line = { type: 'message', conversationId: 'c', message: { ...live(3), text: 'More  text\nhere' } } as const;
    expect(applyFrame(rows, line)?.get('c')).toMatchObject({ unread: 2, preview: 'More text here', lastAuthor: 'visitor', lastMessageAt: live(3).ts });
    expect(applyFrame(rows, line, 'c')?.get('c')?.unread).toBe(0);
    expect(applyFrame(rows, { type: 'message', conversationId: 'c', message: live(4, 'agent') })?.get('c')).toMatchObject({ unread: 0, teamSeenSeq: 4 });
    // A line already read (a repeated frame) changes nothing.
    expect(applyFrame(rows, { type: 'message', conversationId: 'c', message: live(1) })).toBeUndefined();
  });

  it('records "seen" of either side, never backwards', () => {
    const rows = known(row('c', { unread: 2, visitorSeenSeq: 5 }));
    expect(applyFrame(rows, { type: 'seen', conversationId: 'c', seq: 3, by: 'visitor' })?.get('c')?.visitorSeenSeq).toBe(5);
    expect(applyFrame(rows, { type: 'seen', conversationId: 'c', seq: 7, by: 'visitor' })?.get('c')?.visitorSeenSeq).toBe(7);
    expect(applyFrame(rows, { type: 'seen', conversationId: 'c', seq: 4, by: 'team' })?.get('c')).toMatchObject({ teamSeenSeq: 4, unread: 0 });
  });

  it('ignores typing and presence', () => {
    expect(applyFrame(known(row('c')), { type: 'typing', conversationId: 'c', author: 'visitor' })).toBeUndefined();
    expect(applyFrame(known(row('c')), { type: 'presence', agentsOnline: 2 })).toBeUndefined();
  });
});

describe('new waiting conversations', () => {
  it('names only those that started waiting since the last look, none at the first', () => {
    const first = known(row('a'), row('b', { status: 'open' }));
    expect(newlyWaiting(undefined, first)).toEqual([]);
    const seen = waitingIds(first);
    expect([...seen]).toEqual(['a']);
    const later = known(row('a'), row('b'), row('c', { status: 'bot' }), row('d'));
    expect(newlyWaiting(seen, later).map((r) => r.conversationId)).toEqual(['b', 'd']);
  });
});

describe('a transcript that grows', () => {
  it('adds each message once, in sequence order, whatever order they arrive in', () => {
    const merged = mergeMessages([live(1), live(3, 'agent')], [live(2), live(3, 'agent'), live(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(lastSeq(merged)).toBe(4);
    expect(lastSeq([])).toBe(0);
  });

  it('lets the stored copy of a sent reply replace the one shown at once', () => {
    const shown = { ...live(5, 'agent', 'mine'), name: 'Aino' };
    const stored = { ...live(5, 'agent', 'mine'), name: 'Aino Agent' };
    expect(mergeMessages([live(4), shown], [stored])).toEqual([live(4), stored]);
  });

  it('resyncs from the last line before a gap', () => {
    expect(unbrokenSeq([])).toBe(0);
    expect(unbrokenSeq([live(1), live(2), live(3)])).toBe(3);
    expect(unbrokenSeq([live(1), live(2), live(5)])).toBe(2);
    expect(unbrokenSeq([live(2)])).toBe(0);
  });

  it('says "Seen" under the last reply once the visitor read that far', () => {
    const lines = [live(1), live(2, 'agent'), live(3), live(4, 'agent'), live(5)];
    expect(seenReply(lines, 3)).toBeUndefined();
    expect(seenReply(lines, 4)?.seq).toBe(4);
    expect(seenReply(lines, 9)?.seq).toBe(4);
    expect(seenReply([live(1)], 9)).toBeUndefined();
  });

  it('makes message ids the API accepts, a new one each time', () => {
    const ids = new Set(Array.from({ length: 50 }, newMessageId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_:-]{1,128}$/);
  });

  it('previews a message on one line', () => {
    expect(preview('Hello\n\nthere   you')).toBe('Hello there you');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
