import * as v from 'valibot';
import { AuditRowSchema, ConversationRowSchema, EventRowSchema, LeadRowSchema, OrganizationRowSchema } from './exports';
import { LiveBotSchema } from './bots';
import { BotFlowSchema, SettingsSchema } from './settings';

/** What the API answers, route by route: the route table names these and the OpenAPI document shows them. */

const counts = v.record(v.string(), v.number());

/** `POST /v1/collect` → 202 */
export const CollectResultSchema = v.object({ accepted: v.number(), duplicates: v.number() });

/** `POST /v1/conversations` → 201 */
export const ConversationStartedSchema = v.object({ conversationId: v.string(), visitorToken: v.string() });

/** `POST /v1/conversations/{id}/messages` → 201 */
export const MessageStoredSchema = v.object({ id: v.string(), duplicate: v.boolean(), seq: v.number() });

/** `POST /v1/leads` → 201 */
export const LeadCapturedSchema = v.object({ contactId: v.string() });

/** `GET /v1/widget/config` */
export const WidgetConfigSchema = v.object({
  name: v.string(),
  consentMode: SettingsSchema.entries.consentMode,
  locale: SettingsSchema.entries.locale,
  theme: SettingsSchema.entries.theme,
  bot: BotFlowSchema,
  bots: v.array(LiveBotSchema),
});

/** `GET` and `PUT /v1/settings` */
export const TenantSettingsSchema = v.object({ tenantId: v.string(), name: v.string(), siteKey: v.string(), settings: SettingsSchema });

/** A JSON page of a listing. */
export const pageOf = <S extends v.GenericSchema>(row: S) => v.object({ data: v.array(row), nextCursor: v.nullable(v.string()) });

export const LeadPageSchema = pageOf(v.object({ ...LeadRowSchema.entries, restricted: v.optional(v.boolean()) }));
export const ConversationPageSchema = pageOf(ConversationRowSchema);
export const EventPageSchema = pageOf(EventRowSchema);
export const OrganizationPageSchema = pageOf(OrganizationRowSchema);
export const AuditPageSchema = pageOf(AuditRowSchema);

/** `GET /v1/contacts/{contactId}` (JSON): everything stored about one person. */
export const ContactAccessSchema = v.object({
  contact: LeadRowSchema,
  consent: v.object({ marketing: v.boolean(), text: v.string(), at: v.string() }),
  restricted: v.boolean(),
  visitorIds: v.array(v.string()),
  truncated: v.boolean(),
  conversations: v.array(ConversationRowSchema),
  sessions: v.array(v.record(v.string(), v.unknown())),
  events: v.array(EventRowSchema),
});

/** `DELETE /v1/contacts/{contactId}` */
export const DeletionReceiptSchema = v.object({
  receiptId: v.string(),
  erasedAt: v.string(),
  subject: v.object({ contactId: v.optional(v.string()), visitorIds: v.array(v.string()) }),
  deleted: counts,
});

/** `POST /v1/tenant/close` */
export const ClosureReceiptSchema = v.object({ receiptId: v.string(), tenantId: v.string(), closedAt: v.string(), deleted: counts });

/** `POST /v1/tenant/close` body */
export const CloseTenantBodySchema = v.object({ confirm: v.string('must be the tenant id') });

/** A document whose shape is a standard of its own (JSON Schema, OpenAPI). */
export const DocumentSchema = v.record(v.string(), v.unknown());

/** `GET /v1/conversations/{id}/messages?after=SEQ` */
export const MessagesAfterQuerySchema = v.object({
  after: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a sequence number'), v.transform(Number)), '0'),
});
/** A message as the live chat sends it (also each WebSocket frame's `message`). */
export const LiveMessageSchema = v.object({
  id: v.string(),
  author: v.picklist(['visitor', 'bot', 'agent']),
  text: v.string(),
  ts: v.string(),
  seq: v.number(),
  name: v.optional(v.string()),
});
export const MessagePageSchema = v.object({ data: v.array(LiveMessageSchema), nextCursor: v.null() });
