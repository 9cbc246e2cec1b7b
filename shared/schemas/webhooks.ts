import * as v from 'valibot';
import { AnswerSchema } from './exports';
import { IdSchema } from './primitives';

/**
 * The domain events Parley sends to webhooks (and the CRM push). Each is
 * written to the outbox in the same transaction as the change it reports.
 */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.qualified',
  'conversation.started',
  'conversation.waiting',
  'conversation.closed',
  'contact.erased',
  'alert.triggered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What "send test event" delivers; never written to the outbox, never subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

const str = v.string();
const iso = v.pipe(v.string(), v.isoTimestamp());

/** A lead as a webhook sees it: the contact's fields and answers, nothing about the visitor's device or network. */
export const LeadEventDataSchema = v.object({
  contactId: str,
  visitorId: str,
  conversationId: str,
  createdAt: iso,
  updatedAt: iso,
  firstName: str,
  lastName: str,
  email: str,
  phone: str,
  company: str,
  consentMarketing: v.boolean(),
  pageUrl: str,
  answers: v.array(AnswerSchema),
});

export const ConversationEventDataSchema = v.object({
  conversationId: str,
  visitorId: str,
  /** Set once the conversation has a lead. */
  contactId: v.optional(str),
  pageUrl: v.optional(str),
  /** When the change happened (start, the visitor's unanswered line, closing). */
  at: iso,
});

/** Ids only, so a CRM can erase its copy too. */
export const ContactErasedDataSchema = v.object({ contactId: v.optional(str), visitorId: str });

export const ALERT_KINDS = ['few_leads_day', 'many_leads_hour', 'erasure_spike'] as const;
export const AlertEventDataSchema = v.object({
  alert: v.picklist(ALERT_KINDS),
  /** The count that crossed the threshold, and the threshold. */
  count: v.number(),
  threshold: v.number(),
  /** The window counted: a day (`yyyy-mm-dd`) or an hour (`yyyy-mm-ddThh`). */
  window: str,
});

/** The `data` of every event type. */
export const WEBHOOK_EVENT_DATA = {
  'lead.created': LeadEventDataSchema,
  'lead.updated': LeadEventDataSchema,
  'lead.qualified': LeadEventDataSchema,
  'conversation.started': ConversationEventDataSchema,
  'conversation.waiting': ConversationEventDataSchema,
  'conversation.closed': ConversationEventDataSchema,
  'contact.erased': ContactErasedDataSchema,
  'alert.triggered': AlertEventDataSchema,
} as const satisfies Record<WebhookEventType, v.GenericSchema>;

/** The body of every delivery (Standard Webhooks): `{ type, timestamp, data }`. */
export const webhookEnvelopeSchema = <T extends WebhookEventType>(type: T) =>
  v.object({ type: v.literal(type), timestamp: iso, data: WEBHOOK_EVENT_DATA[type] });

const WebhookUrlSchema = v.pipe(v.string('must be a string'), v.maxLength(2048, 'is longer than 2048 characters'), v.url('must be an absolute URL'));
const EventListSchema = v.pipe(
  v.array(v.picklist(WEBHOOK_EVENT_TYPES, `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`)),
  v.minLength(1, 'must name at least one event type'),
  v.maxLength(WEBHOOK_EVENT_TYPES.length),
);

/** `POST /v1/webhooks` */
export const CreateWebhookBodySchema = v.object({
  url: WebhookUrlSchema,
  events: EventListSchema,
  description: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
/** `PATCH /v1/webhooks/{id}` */
export const UpdateWebhookBodySchema = v.object({
  url: v.optional(WebhookUrlSchema),
  events: v.optional(EventListSchema),
  enabled: v.optional(v.boolean()),
  description: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export const WebhookPathSchema = v.object({ id: IdSchema });
export const DeliveryPathSchema = v.object({ id: IdSchema, deliveryId: v.pipe(v.string(), v.maxLength(300)) });

export const WebhookSchema = v.object({
  id: str,
  url: str,
  events: v.array(v.picklist(WEBHOOK_EVENT_TYPES)),
  description: str,
  enabled: v.boolean(),
  /** Why it was disabled, when Parley disabled it (`gone`: the receiver answered 410; `failing`: every retry failed). */
  disabledReason: v.optional(v.picklist(['gone', 'failing', 'manual'])),
  createdAt: iso,
  /** Until when the previous secret still signs too (after a rotation). */
  previousSecretUntil: v.optional(iso),
});
export const WebhooksSchema = v.object({ data: v.array(WebhookSchema) });
export const WebhookCreatedSchema = v.object({ ...WebhookSchema.entries, secret: str });
export const WebhookSecretSchema = v.object({ id: str, secret: str, previousSecretUntil: iso });

export const DeliverySchema = v.object({
  deliveryId: str,
  eventId: str,
  type: str,
  status: v.picklist(['pending', 'delivered', 'failed', 'skipped']),
  attempts: v.number(),
  /** HTTP status of the last answer (none: no answer, e.g. a timeout or a refused address). */
  responseStatus: v.optional(v.number()),
  /** A short reason for the last failure, never the receiver's body. */
  error: v.optional(str),
  createdAt: iso,
  lastAttemptAt: v.optional(iso),
  nextAttemptAt: v.optional(iso),
});
export const DeliveriesSchema = v.object({ data: v.array(DeliverySchema) });
export const TestSentSchema = v.object({ deliveryId: str, status: DeliverySchema.entries.status, responseStatus: v.optional(v.number()) });

/** `PUT /v1/integrations/hubspot`: a HubSpot private-app token (scope `crm.objects.contacts.write`). */
export const HubSpotConnectBodySchema = v.object({ token: v.pipe(v.string('must be a string'), v.minLength(10), v.maxLength(500)) });
export const HubSpotStatusSchema = v.object({
  connected: v.boolean(),
  connectedAt: v.optional(iso),
  enabled: v.optional(v.boolean()),
  disabledReason: v.optional(v.picklist(['gone', 'failing', 'manual'])),
});
