import * as v from 'valibot';
import { COLLECT_LIMITS, SCROLL_DEPTHS } from '../events';
import { LeadFieldsSchema } from './lead-fields';
import { IdSchema, PageUrlSchema, ReferrerSchema, SiteKeySchema, TimestampSchema, text } from './primitives';

const eventBase = {
  id: IdSchema,
  ts: TimestampSchema,
  url: PageUrlSchema,
};

const PropValue = v.union([v.pipe(v.string(), v.maxLength(256)), v.number(), v.boolean()]);

/** One behavioural event; unknown properties are dropped, never stored. */
export const EventSchema = v.variant(
  'type',
  [
    v.object({ ...eventBase, type: v.literal('page_view'), referrer: v.optional(ReferrerSchema), title: v.optional(v.pipe(v.string(), v.maxLength(300))) }),
    v.object({
      ...eventBase,
      type: v.literal('click'),
      tag: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,31}$/i), v.toLowerCase())),
      text: v.optional(v.pipe(v.string(), v.maxLength(100))),
      href: v.optional(v.pipe(v.string(), v.maxLength(2048))),
    }),
    v.object({ ...eventBase, type: v.literal('scroll'), depth: v.picklist(SCROLL_DEPTHS, 'must be 25, 50, 75 or 100') }),
    v.object({ ...eventBase, type: v.literal('session_end'), duration: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 3600 * 1000)) }),
    v.object({
      ...eventBase,
      type: v.literal('custom'),
      name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _.:-')),
      props: v.optional(
        v.pipe(
          v.record(v.pipe(v.string(), v.maxLength(64)), PropValue),
          v.check((r) => Object.keys(r).length <= 20, 'has more than 20 properties'),
        ),
      ),
    }),
  ],
  'must be page_view, click, scroll, session_end or custom',
);
export type CollectEvent = v.InferOutput<typeof EventSchema>;

/** `POST /v1/collect` */
export const CollectBodySchema = v.object({
  site: SiteKeySchema,
  visitorId: v.optional(IdSchema),
  sessionId: IdSchema,
  events: v.pipe(
    v.array(EventSchema, 'must be an array'),
    v.minLength(1, 'must hold at least one event'),
    v.maxLength(COLLECT_LIMITS.maxEvents, `must hold at most ${COLLECT_LIMITS.maxEvents} events`),
  ),
});
export type CollectBody = v.InferOutput<typeof CollectBodySchema>;

/** `POST /v1/conversations` */
export const StartConversationBodySchema = v.object({
  site: SiteKeySchema,
  visitorId: IdSchema,
  sessionId: IdSchema,
  pageUrl: PageUrlSchema,
  referrer: v.optional(ReferrerSchema),
  /**
   * A random secret the widget makes once per visitor and keeps: a retried
   * first start with the same secret gets the same token back.
   */
  visitorSecret: v.optional(v.pipe(v.string('must be a string'), v.regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32–128 base64url characters'))),
  /** The bot and the published version the conversation runs (recorded with it). */
  bot: v.optional(v.object({ id: IdSchema, version: v.pipe(v.number('must be a number'), v.integer(), v.minValue(0)) })),
  /** The A/B experiment arm the visitor was in, when the bot is one. */
  variant: v.optional(IdSchema),
});
export type StartConversationBody = v.InferOutput<typeof StartConversationBodySchema>;

/** `POST /v1/conversations/{id}/messages` */
export const MessageBodySchema = v.object({
  id: IdSchema,
  /** `agent`: a person of the team replying (signed in, or with a key); visitors write `visitor` (and the bot flow's own lines as `bot`). */
  author: v.picklist(['visitor', 'bot', 'agent'], 'must be "visitor", "bot" or "agent"'),
  text: text(4000),
  ts: TimestampSchema,
});
export type MessageBody = v.InferOutput<typeof MessageBodySchema>;

/** `POST /v1/leads` */
export const LeadBodySchema = v.object({
  site: SiteKeySchema,
  visitorId: IdSchema,
  conversationId: v.optional(IdSchema),
  pageUrl: v.optional(PageUrlSchema),
  referrer: v.optional(ReferrerSchema),
  fields: v.pipe(
    LeadFieldsSchema,
    v.check((f) => Object.values(f).some((x) => x !== undefined), 'must hold at least one field'),
  ),
  answers: v.optional(v.pipe(v.array(v.object({ question: text(500), answer: text(2000) })), v.maxLength(50, 'must hold at most 50 answers')), []),
  consent: v.object({ marketing: v.boolean('must be true or false'), text: text(2000, 0) }),
  /** The lead score the bot flow reached (score nodes and choices). */
  score: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(-100_000), v.maxValue(100_000))),
});
export type LeadBody = v.InferOutput<typeof LeadBodySchema>;

/*
 * What the widget gets back. Here rather than in responses.ts, which imports
 * the settings, bot and export schemas: a widget function's bundle holds only
 * the schemas of its own route (each module of shared/schemas is left out of
 * a bundle that uses none of its exports).
 */

/** `POST /v1/collect` → 202 */
export const CollectResultSchema = v.object({ accepted: v.number(), duplicates: v.number() });

/** `POST /v1/conversations` → 201 */
export const ConversationStartedSchema = v.object({ conversationId: v.string(), visitorToken: v.string() });

/** `POST /v1/conversations/{id}/messages` → 201 */
export const MessageStoredSchema = v.object({ id: v.string(), duplicate: v.boolean(), seq: v.number() });

/** `POST /v1/leads` → 201 */
export const LeadCapturedSchema = v.object({ contactId: v.string() });
