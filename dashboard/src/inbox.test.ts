import { describe, expect, it } from 'vitest';
import type { ConversationRow, LeadRow, MessageRow } from '../../shared/schemas/exports';
import type { LiveMessage } from './api';
import { asRows, byActivity, isWaiting, keepNewer, lastSeq, mergeMessages, newlyWaiting, newMessageId, preview, waitingIds, withLeads } from './inbox';

const said = (...authors: MessageRow['author'][]): MessageRow[] =>
  authors.map((author, i) => ({ messageId: `m${i + 1}`, conversationId: 'c', ts: `2026-11-01T10:00:0${i}.000Z`, author, text: `line ${i + 1}`, seq: i + 1 }));

const conversation = (id: string, messages: MessageRow[], fields: Partial<ConversationRow> = {}): ConversationRow => ({
  conversationId: id,
  createdAt: '2026-11-01T09:00:00.000Z',
  lastMessageAt: messages.at(-1)?.ts ?? '',
  visitorId: `v-${id}`,
  contactId: '',
  pageUrl: 'https://acme.example/pricing',
  referrer: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  ipNetwork: '',
  country: '',
  browser: '',
  os: '',
  deviceType: '',
  messageCount: messages.length,
  messages,
  ...fields,
});

const lead = (fields: Partial<LeadRow>): LeadRow => ({
  contactId: 'ct',
  createdAt: '2026-11-01T10:00:00.000Z',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  company: '',
  consentMarketing: false,
  pageUrl: '',
  referrer: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  ipNetwork: '',
  country: '',
  browser: '',
  os: '',
  deviceType: '',
  conversationId: '',
  answers: [],
  score: 0,
  qualified: false,
  ...fields,
});

const live = (seq: number, author: LiveMessage['author'] = 'visitor', id = `m${seq}`): LiveMessage => ({
  id,
  author,
  text: `line ${seq}`,
  ts: `2026-11-01T10:00:${String(seq).padStart(2, '0')}.000Z`,
  seq,
});

describe('the waiting rule', () => {
  it.each([
    [[], false],
    [['bot'], false],
    [['bot', 'visitor'], true],
    [['visitor', 'visitor'], true],
    [['bot', 'visitor', 'agent'], false],
    [['visitor', 'agent', 'visitor'], true],
    // The bot flow asking its next question is an answer too.
    [['bot', 'visitor', 'bot'], false],
    [['visitor', 'agent', 'bot'], false],
  ] as [MessageRow['author'][], boolean][])('%j waiting: %s', (authors, waiting) => {
    expect(isWaiting(said(...authors))).toBe(waiting);
  });

  it('names only conversations that started waiting since the last look', () => {
    const before = [conversation('a', said('visitor')), conversation('b', said('visitor', 'agent')), conversation('c', said('bot'))];
    const seen = waitingIds(withLeads(before, []));
    expect([...seen]).toEqual(['a']);
    const after = [
      conversation('a', said('visitor', 'agent', 'visitor')),
      conversation('b', said('visitor', 'agent', 'visitor')),
      conversation('d', said('visitor')),
    ];
    expect(newlyWaiting(seen, withLeads(after, [])).map((r) => r.conversation.conversationId)).toEqual(['b', 'd']);
  });
});

describe('the inbox list', () => {
  it('orders by the newest activity, not by when the conversation started', () => {
    const old = conversation('old', said('visitor'), { createdAt: '2026-10-01T09:00:00.000Z', lastMessageAt: '2026-11-02T12:00:00.000Z' });
    const recent = conversation('recent', said('bot'), { createdAt: '2026-11-01T09:00:00.000Z', lastMessageAt: '2026-11-01T09:00:01.000Z' });
    const silent = conversation('silent', [], { createdAt: '2026-11-01T11:00:00.000Z', lastMessageAt: '' });
    expect(byActivity(withLeads([recent, silent, old], [])).map((r) => r.conversation.conversationId)).toEqual(['old', 'silent', 'recent']);
  });

  it('finds the lead by contact, else by conversation', () => {
    const byContact = lead({ contactId: 'ct_1', firstName: 'Aino' });
    const byConversation = lead({ contactId: 'ct_2', conversationId: 'c2', email: 'eero@example.fi' });
    const rows = withLeads([conversation('c1', [], { contactId: 'ct_1' }), conversation('c2', []), conversation('c3', [])], [byContact, byConversation]);
    expect(rows.map((r) => r.lead?.contactId)).toEqual(['ct_1', 'ct_2', undefined]);
  });

  it('keeps what the open transcript knows over an older listing', () => {
    const listed = [conversation('c', said('bot', 'visitor')), conversation('d', said('visitor'))];
    const known = new Map([['c', asRows('c', [live(1, 'bot'), live(2), live(3, 'agent')])]]);
    const kept = keepNewer(listed, known);
    expect(kept[0]?.messages.map((m) => m.author)).toEqual(['bot', 'visitor', 'agent']);
    expect(isWaiting(kept[0]?.messages ?? [])).toBe(false);
    expect(kept[0]?.lastMessageAt).toBe(live(3).ts);
    expect(kept[1]).toBe(listed[1]);
    // A listing that already holds more wins.
    const newer = [conversation('c', said('bot', 'visitor', 'agent', 'visitor'))];
    expect(keepNewer(newer, known)[0]).toBe(newer[0]);
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
