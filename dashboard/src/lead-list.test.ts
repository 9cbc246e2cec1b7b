import { describe, expect, it } from 'vitest';
import type { ConversationRow, LeadRow } from '../../shared/schemas/exports';
import { matchesSearch, sortLeads, withLeads } from './lead-list';

const lead = (fields: Partial<LeadRow>): LeadRow => ({
  contactId: fields.firstName ?? 'x',
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

describe('the lead list', () => {
  const aino = lead({ firstName: 'Aino', lastName: 'Virtanen', email: 'aino@example.fi', phone: '+358 40 123', company: 'Kühne Oy' });

  it('searches name, full name, email, phone and company, ignoring case and accents', () => {
    for (const q of ['aino', 'AINO VIRT', 'example.fi', '40 123', 'kuhne', '  kühne ', '']) expect(matchesSearch(aino, q)).toBe(true);
  });

  it('does not search other columns', () => {
    const fromNewsletter = lead({ firstName: 'Eero', utmSource: 'newsletter', pageUrl: 'https://site.example/pricing' });
    expect(matchesSearch(fromNewsletter, 'newsletter')).toBe(false);
    expect(matchesSearch(fromNewsletter, 'pricing')).toBe(false);
  });

  it('sorts names in language order either way, with empty names last', () => {
    const leads = ['Zoë', '', 'Émilie', 'adam'].map((firstName) => lead({ firstName }));
    expect(sortLeads(leads, 'name', false).map((l) => l.firstName)).toEqual(['adam', 'Émilie', 'Zoë', '']);
    expect(sortLeads(leads, 'name', true).map((l) => l.firstName)).toEqual(['Zoë', 'Émilie', 'adam', '']);
  });

  it('sorts by capture time, newest first when descending', () => {
    const leads = ['2026-11-02T08:00:00.000Z', '2026-10-30T23:00:00.000Z', '2026-11-02T09:00:00.000Z'].map((createdAt) =>
      lead({ createdAt, firstName: createdAt }),
    );
    expect(sortLeads(leads, 'createdAt', true).map((l) => l.createdAt)).toEqual([
      '2026-11-02T09:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
      '2026-10-30T23:00:00.000Z',
    ]);
  });
});

describe('conversations beside their leads', () => {
  const conversation = (conversationId: string, contactId = ''): ConversationRow => ({
    conversationId,
    createdAt: '2026-11-01T09:00:00.000Z',
    lastMessageAt: '',
    visitorId: `v-${conversationId}`,
    contactId,
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
    messageCount: 0,
    messages: [],
  });

  it('finds the lead by contact, else by conversation', () => {
    const byContact = lead({ contactId: 'ct_1', firstName: 'Aino' });
    const byConversation = lead({ contactId: 'ct_2', conversationId: 'c2', email: 'eero@example.fi' });
    const rows = withLeads([conversation('c1', 'ct_1'), conversation('c2'), conversation('c3')], [byContact, byConversation]);
    expect(rows.map((r) => r.lead?.contactId)).toEqual(['ct_1', 'ct_2', undefined]);
  });
});
