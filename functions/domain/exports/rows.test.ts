import { describe, expect, it } from 'vitest';
import { LEAD_COLUMNS } from '../../../shared/schemas/exports';
import { leadRow, messageRow, organizationsOf } from './rows';

describe('export rows', () => {
  it('give a lead every SPEC column, empty where nothing was stored, and never an internal key', () => {
    const row = leadRow({
      PK: 'T#t#C#k_1',
      SK: 'CONTACT',
      GSI1PK: 'x',
      contactId: 'k_1',
      createdAt: '2026-11-23T10:00:00.000Z',
      email: 'a@b.fi',
      consentMarketing: true,
      secretHash: 'no',
    });
    expect(Object.keys(row)).toEqual(LEAD_COLUMNS);
    expect(row).toMatchObject({ contactId: 'k_1', email: 'a@b.fi', firstName: '', consentMarketing: true, answers: [] });
  });

  it('give a message its sequence, 0 for messages stored before sequences', () => {
    expect(messageRow({ messageId: 'm', conversationId: 'c', ts: 't', author: 'bot', text: 'hi', seq: 7 }).seq).toBe(7);
    expect(messageRow({ messageId: 'm', conversationId: 'c', ts: 't', author: 'visitor', text: 'hi' }).seq).toBe(0);
  });

  it('fold leads into one profile per organisation', () => {
    const lead = (email: string, company: string, createdAt: string) => leadRow({ contactId: email, email, company, createdAt });
    const orgs = organizationsOf([
      lead('a@acme.example', 'Acme', '2026-01-01T00:00:00.000Z'),
      lead('b@acme.example', 'Acme', '2026-02-01T00:00:00.000Z'),
      lead('c@other.example', 'Other', '2026-03-01T00:00:00.000Z'),
    ]);
    expect(orgs.map((o) => [o.organization, o.leadCount])).toEqual([
      ['Acme', 2],
      ['Other', 1],
    ]);
  });
});
