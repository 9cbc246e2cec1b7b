import type { ConversationRow, EventRow, LeadRow } from '../../../shared/schemas/exports';
import { type Cell, flatten } from './cells';

export const PERSON_REPORT_COLUMNS = ['section', 'id', 'time', 'field', 'value'] as const;

export interface PersonRecord {
  contact: LeadRow;
  consent: { marketing: boolean; text: string; at: string };
  restricted: boolean;
  conversations: ConversationRow[];
  events: EventRow[];
}

/**
 * Everything about one person as flat rows (section, id, time, field,
 * value), so the access answer opens in any spreadsheet like the other
 * exports do.
 */
export async function* personReportRows(record: PersonRecord): AsyncGenerator<Cell[]> {
  const row = (section: string, id: string, time: string, field: string, value: unknown): Cell[] => [
    section,
    flatten('id', id),
    flatten('time', time),
    field,
    value === null || value === undefined ? '' : flatten(field, typeof value === 'object' ? JSON.stringify(value) : value),
  ];
  const { contact } = record;
  for (const [field, value] of Object.entries(contact)) {
    if (field !== 'answers' && field !== 'contactId') yield row('contact', contact.contactId, contact.createdAt, field, value);
  }
  for (const answer of contact.answers) yield row('answer', contact.contactId, contact.createdAt, answer.question, answer.answer);
  yield row('consent', contact.contactId, record.consent.at, 'marketing', record.consent.marketing);
  yield row('consent', contact.contactId, record.consent.at, 'text', record.consent.text);
  yield row('contact', contact.contactId, contact.createdAt, 'restricted', record.restricted);
  for (const conversation of record.conversations) {
    for (const m of conversation.messages) yield row('message', m.messageId, m.ts, m.author, m.text);
  }
  for (const e of record.events) {
    const detail =
      e.type === 'scroll' ? e.depth : e.type === 'session_end' ? e.duration : e.type === 'click' ? e.text || e.href : e.type === 'custom' ? e.name : e.url;
    yield row('event', e.eventId, e.ts, e.type, detail);
  }
}
