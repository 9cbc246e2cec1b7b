import * as v from 'valibot';

/**
 * The structures customers export (JSON, CSV, XLSX, the full archive). Their
 * key order is the column order; `GET /v1/schema` publishes them as JSON Schema.
 */
const iso = v.pipe(v.string(), v.isoTimestamp());
const str = v.string();

export const AnswerSchema = v.object({ question: str, answer: str });

/** Where a visitor came from (UTM parameters of the page). */
const attribution = { utmSource: str, utmMedium: str, utmCampaign: str };
/** What is kept about the visitor's client: the masked network and the parsed user agent. */
const client = { ipNetwork: str, country: str, browser: str, os: str, deviceType: str };
export const ATTRIBUTION_COLUMNS = Object.keys(attribution) as (keyof typeof attribution)[];
export const CLIENT_COLUMNS = Object.keys(client) as (keyof typeof client)[];

export const LeadRowSchema = v.object({
  contactId: str,
  createdAt: iso,
  firstName: str,
  lastName: str,
  email: str,
  phone: str,
  company: str,
  consentMarketing: v.boolean(),
  pageUrl: str,
  referrer: str,
  ...attribution,
  ...client,
  conversationId: str,
  answers: v.array(AnswerSchema),
  /** Lead score from the bot's answers (after SPEC's columns). */
  score: v.number(),
  /** The score reached the tenant's threshold (`qualifyScore`) at some capture. */
  qualified: v.boolean(),
});
export type LeadRow = v.InferOutput<typeof LeadRowSchema>;

export const MessageRowSchema = v.object({
  messageId: str,
  conversationId: str,
  ts: iso,
  author: v.picklist(['visitor', 'bot', 'agent']),
  text: str,
  /** Position in the conversation as the visitor saw it (server sequence; ties in `ts` are common). */
  seq: v.pipe(v.number(), v.integer()),
});
export type MessageRow = v.InferOutput<typeof MessageRowSchema>;

export const ConversationRowSchema = v.object({
  conversationId: str,
  createdAt: iso,
  lastMessageAt: str,
  visitorId: str,
  contactId: str,
  pageUrl: str,
  referrer: str,
  ...attribution,
  ...client,
  messageCount: v.number(),
  messages: v.array(MessageRowSchema),
});
export type ConversationRow = v.InferOutput<typeof ConversationRowSchema>;

export const EventRowSchema = v.object({
  eventId: str,
  ts: iso,
  type: v.picklist(['page_view', 'click', 'scroll', 'session_end', 'custom']),
  visitorId: str,
  sessionId: str,
  url: str,
  referrer: str,
  title: str,
  tag: str,
  text: str,
  href: str,
  depth: v.nullable(v.number()),
  duration: v.nullable(v.number()),
  name: str,
  props: v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])),
  ...attribution,
  ...client,
});
export type EventRow = v.InferOutput<typeof EventRowSchema>;

export const OrganizationRowSchema = v.object({
  organization: str,
  domain: str,
  leadCount: v.number(),
  firstSeen: iso,
  lastSeen: iso,
});
export type OrganizationRow = v.InferOutput<typeof OrganizationRowSchema>;

export const AuditRowSchema = v.object({
  auditId: str,
  at: iso,
  action: str,
  actor: str,
  /** The role the person acted in, or the key's scopes (`full` for a full-scope key); empty for system actions. */
  actorRole: str,
  subject: str,
  details: v.record(v.string(), v.unknown()),
});
export type AuditRow = v.InferOutput<typeof AuditRowSchema>;

/** Every exportable structure by its API name. */
export const EXPORT_SCHEMAS = {
  lead: LeadRowSchema,
  conversation: ConversationRowSchema,
  message: MessageRowSchema,
  event: EventRowSchema,
  organization: OrganizationRowSchema,
  audit: AuditRowSchema,
} as const;

/** Lead columns in CSV/XLSX order, as SPEC.md fixes them. */
export const LEAD_COLUMNS = Object.keys(LeadRowSchema.entries) as (keyof LeadRow)[];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const TIME_BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** True for a real calendar date (and time and offset, if given) in ISO 8601 form. */
export function isRealIsoTime(text: string): boolean {
  const m = TIME_BOUND.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = [m[1], m[2], m[3], m[4], m[5], m[6], m[8], m[9]].map((part) =>
    Number(part ?? 0),
  ) as number[];
  if (month! < 1 || month! > 12 || day! < 1) return false;
  if (day! > (month === 2 && isLeap(year!) ? 29 : DAYS_IN_MONTH[month! - 1]!)) return false;
  return hour! <= 23 && minute! <= 59 && second! <= 59 && offsetHour! <= 23 && offsetMinute! <= 59;
}

/**
 * A `from`/`to` bound: a day (`2026-01-31`, the whole day, UTC) or a
 * timestamp (UTC unless it names an offset), normalised to an ISO instant.
 */
const timeBound = (end: 'from' | 'to') =>
  v.pipe(
    v.string(),
    v.check(isRealIsoTime, 'must be a real date (yyyy-mm-dd) or ISO 8601 timestamp'),
    v.transform((s) => {
      if (s.length === 10) return `${s}T${end === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
      return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`).toISOString();
    }),
  );

/** The query of every listing (`GET /v1/leads`, `/conversations`, `/events`, `/audit`, `/organizations`). */
export const ListQuerySchema = v.object({
  format: v.optional(v.picklist(['json', 'csv', 'xlsx'], 'must be json, csv or xlsx')),
  from: v.optional(timeBound('from')),
  to: v.optional(timeBound('to')),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(1000, 'must be at most 1000')),
    '100',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  /** `1`: the CSV starts with a UTF-8 byte order mark, for Excel. */
  bom: v.optional(v.picklist(['0', '1'], 'must be 0 or 1')),
});

/** `GET /v1/leads` also searches and may show restricted contacts (JSON only). */
export const LeadListQuerySchema = v.object({
  ...ListQuerySchema.entries,
  /** Case- and accent-insensitive text in first or last name, email, phone or company. */
  q: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'))),
  restricted: v.optional(v.picklist(['exclude', 'include'], 'must be exclude or include')),
});
