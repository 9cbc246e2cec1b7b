import * as v from 'valibot';
import { AuditRowSchema, ConversationRowSchema, EventRowSchema, LeadRowSchema, OrganizationRowSchema } from './exports';

/**
 * What the API answers, route by route: the route table names these and the
 * OpenAPI document shows them. The answers of the widget's routes, of the
 * settings and of the live chat's messages are beside their other schemas
 * (ingest.ts, settings.ts, live.ts), so that a function's bundle holds no
 * schema module its route does not use.
 */

const counts = v.record(v.string(), v.number());

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
