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
});
export type LeadRow = v.InferOutput<typeof LeadRowSchema>;

export const MessageRowSchema = v.object({
  messageId: str,
  conversationId: str,
  ts: iso,
  author: v.picklist(['visitor', 'bot']),
  text: str,
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
