import {
  ATTRIBUTION_COLUMNS,
  type AuditRow,
  CLIENT_COLUMNS,
  type ConversationRow,
  type EventRow,
  type LeadRow,
  type MessageRow,
  type OrganizationRow,
} from '../../../shared/schemas/exports';
import { tableName } from '../../lib/dynamo';
import { queryAll } from '../../lib/store';
import { TenantKeys } from '../../lib/table-keys';
import type { Tenant } from '../tenants';
import { visibilityFilter } from './visible';

type Item = Record<string, unknown>;

const s = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

type Origin = Record<(typeof ATTRIBUTION_COLUMNS)[number] | (typeof CLIENT_COLUMNS)[number], string>;
const ORIGIN_COLUMNS = [...ATTRIBUTION_COLUMNS, ...CLIENT_COLUMNS];

/** The attribution and client columns every visitor-made row carries (a plain loop: this runs for every exported row). */
function origin(item: Item): Origin {
  const out = {} as Origin;
  for (const c of ORIGIN_COLUMNS) out[c] = s(item[c]);
  return out;
}
const n = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function leadRow(item: Item): LeadRow {
  return {
    contactId: s(item.contactId),
    createdAt: s(item.createdAt),
    firstName: s(item.firstName),
    lastName: s(item.lastName),
    email: s(item.email),
    phone: s(item.phone),
    company: s(item.company),
    consentMarketing: item.consentMarketing === true,
    pageUrl: s(item.pageUrl),
    referrer: s(item.referrer),
    ...origin(item),
    conversationId: s(item.conversationId),
    answers: Array.isArray(item.answers)
      ? (item.answers as { question: string; answer: string }[]).map((a) => ({ question: s(a.question), answer: s(a.answer) }))
      : [],
    score: typeof item.score === 'number' ? item.score : 0,
    qualified: typeof item.qualifiedAt === 'string',
  };
}

export function messageRow(item: Item): MessageRow {
  return {
    messageId: s(item.messageId),
    conversationId: s(item.conversationId),
    ts: s(item.ts),
    author: item.author === 'bot' || item.author === 'agent' ? item.author : 'visitor',
    text: s(item.text),
    seq: Number(item.seq ?? 0),
  };
}

/** The messages of a conversation, oldest first. */
export async function messagesOf(tenant: Tenant, conversationId: string, now = new Date()): Promise<MessageRow[]> {
  const filter = visibilityFilter(now);
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :msg)',
    ...filter,
    ExpressionAttributeValues: {
      ...filter.ExpressionAttributeValues,
      ':pk': TenantKeys.conversationPartition(tenant.tenantId, conversationId),
      ':msg': 'MSG#',
    },
  });
  const messages = items.map(messageRow);
  // The server sequence is the order the visitor saw; messages stored before it existed have seq 0 and fall back to time.
  return messages.sort((a, b) => a.seq - b.seq || (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.messageId.localeCompare(b.messageId)));
}

export async function conversationRow(tenant: Tenant, item: Item): Promise<ConversationRow> {
  const messages = await messagesOf(tenant, s(item.conversationId));
  return {
    conversationId: s(item.conversationId),
    createdAt: s(item.createdAt),
    lastMessageAt: s(item.lastMessageAt),
    visitorId: s(item.visitorId),
    contactId: s(item.contactId),
    pageUrl: s(item.pageUrl),
    referrer: s(item.referrer),
    ...origin(item),
    messageCount: messages.length,
    messages,
  };
}

export function eventRow(item: Item): EventRow {
  return {
    eventId: s(item.eventId),
    ts: s(item.ts),
    type: s(item.type) as EventRow['type'],
    visitorId: s(item.visitorId),
    sessionId: s(item.sessionId),
    url: s(item.url),
    referrer: s(item.referrer),
    title: s(item.title),
    tag: s(item.tag),
    text: s(item.text),
    href: s(item.href),
    depth: n(item.depth),
    duration: n(item.duration),
    name: s(item.name),
    props: (item.props as EventRow['props'] | undefined) ?? {},
    ...origin(item),
  };
}

export function auditRow(item: Item): AuditRow {
  return {
    auditId: s(item.auditId),
    at: s(item.at),
    action: s(item.action),
    actor: s(item.actor),
    actorRole: s(item.actorRole),
    subject: s(item.subject),
    details: (item.details as Item | undefined) ?? {},
  };
}

/** Mail providers whose domain says nothing about the organisation. */
const PERSONAL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'yandex.ru',
  'mail.ru',
]);

/**
 * Folds leads into organisation profiles, by company name, else by work email
 * domain, one lead at a time: memory holds one profile per organisation,
 * never the leads.
 */
export class OrganizationFold {
  private readonly byKey = new Map<string, OrganizationRow>();

  add(lead: LeadRow): void {
    const domain = lead.email.split('@')[1]?.toLowerCase() ?? '';
    const workDomain = domain && !PERSONAL_DOMAINS.has(domain) ? domain : '';
    const company = lead.company.trim();
    const key = company ? `c:${company.toLowerCase()}` : workDomain ? `d:${workDomain}` : '';
    if (!key) return;
    const org = this.byKey.get(key);
    if (!org) {
      this.byKey.set(key, { organization: company || workDomain, domain: workDomain, leadCount: 1, firstSeen: lead.createdAt, lastSeen: lead.createdAt });
      return;
    }
    org.leadCount += 1;
    if (!org.domain && workDomain) org.domain = workDomain;
    if (lead.createdAt < org.firstSeen) org.firstSeen = lead.createdAt;
    if (lead.createdAt > org.lastSeen) org.lastSeen = lead.createdAt;
  }

  /** The profiles, most leads first. */
  result(): OrganizationRow[] {
    return [...this.byKey.values()].sort((a, b) => b.leadCount - a.leadCount || a.organization.localeCompare(b.organization));
  }
}

export function organizationsOf(leads: Iterable<LeadRow>): OrganizationRow[] {
  const fold = new OrganizationFold();
  for (const lead of leads) fold.add(lead);
  return fold.result();
}
