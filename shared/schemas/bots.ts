import * as v from 'valibot';
import { LEAD_FIELDS } from '../events';
import { WIDGET_LOCALES, type WidgetLocale } from '../locales';
import { IdSchema, SiteKeySchema, text } from './primitives';

export { WIDGET_LOCALES, type WidgetLocale };

/** A text in one or more languages (`{ en: 'Hi', fi: 'Hei' }`); the widget falls back to English, then to any. */
export const TranslatedSchema = (max: number) =>
  v.pipe(
    v.record(v.picklist(WIDGET_LOCALES, 'must be a language the widget speaks'), text(max)),
    v.check((t) => Object.keys(t).length > 0, 'must have a text in at least one language'),
  );
export type Translated = Partial<Record<WidgetLocale, string>>;

const NodeId = IdSchema;
const next = NodeId;

/** Where a URL rule looks: the whole URL, a part of it, or a glob (`*` any run of characters, `?` one); no regular expressions. */
export const UrlRuleSchema = v.object({ match: v.picklist(['exact', 'contains', 'glob']), value: text(500) });
export type UrlRule = v.InferOutput<typeof UrlRuleSchema>;

/** What a condition node tests. */
export const ConditionSchema = v.variant('on', [
  /** The visitor's answer to an `ask` or `choice` node (the option's id for a choice), case-insensitive. */
  v.object({ on: v.literal('answer'), node: NodeId, op: v.picklist(['equals', 'contains']), value: text(200) }),
  /** The page the visitor is on (path and query, or the full URL for an `exact` rule with a scheme). */
  v.object({ on: v.literal('url'), rule: UrlRuleSchema }),
  v.object({ on: v.literal('utm'), key: v.picklist(['source', 'medium', 'campaign']), value: text(200) }),
  v.object({ on: v.literal('returning'), value: v.boolean() }),
  v.object({ on: v.literal('language'), value: v.picklist(WIDGET_LOCALES) }),
]);
export type Condition = v.InferOutput<typeof ConditionSchema>;

/** One step of a flow. Every node but `end` and `handover` names the node that follows. */
export const FlowNodeSchema = v.variant('type', [
  v.object({ id: NodeId, type: v.literal('message'), text: TranslatedSchema(1000), next }),
  v.object({
    id: NodeId,
    type: v.literal('ask'),
    text: TranslatedSchema(500),
    /** A lead field (validated as the API validates it), or a free question when absent. */
    field: v.optional(v.picklist(LEAD_FIELDS)),
    /** Extra check of a free answer. */
    validate: v.optional(v.picklist(['text', 'number'])),
    required: v.optional(v.boolean(), false),
    next,
  }),
  v.object({
    id: NodeId,
    type: v.literal('choice'),
    text: TranslatedSchema(500),
    options: v.pipe(
      v.array(
        v.object({ id: NodeId, label: TranslatedSchema(100), next, score: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-1000), v.maxValue(1000))) }),
      ),
      v.minLength(1, 'needs at least one option'),
      v.maxLength(8, 'has more than 8 options'),
    ),
  }),
  v.object({
    id: NodeId,
    type: v.literal('condition'),
    rules: v.pipe(v.array(v.object({ when: ConditionSchema, next })), v.maxLength(10)),
    else: next,
  }),
  v.object({ id: NodeId, type: v.literal('score'), points: v.pipe(v.number(), v.integer(), v.minValue(-1000), v.maxValue(1000)), next }),
  /** Hands the visitor over to a person of the team; the bot ends here. */
  v.object({ id: NodeId, type: v.literal('handover'), text: v.optional(TranslatedSchema(1000)) }),
  v.object({ id: NodeId, type: v.literal('end'), text: v.optional(TranslatedSchema(1000)) }),
]);
export type FlowNode = v.InferOutput<typeof FlowNodeSchema>;

/**
 * A flow as a graph: it starts at `start`; at `end` or `handover`, once any
 * lead field was collected, the widget asks `consentText` (marketing
 * consent) and sends the lead.
 */
export const FlowSchema = v.object({
  start: NodeId,
  nodes: v.pipe(v.array(FlowNodeSchema), v.minLength(1, 'needs at least one node'), v.maxLength(100, 'has more than 100 nodes')),
  consentText: TranslatedSchema(2000),
});
export type Flow = v.InferOutput<typeof FlowSchema>;

/** Which pages and visitors a bot is for; an empty list or absent part matches everyone. */
export const TargetingSchema = v.object({
  urls: v.optional(v.pipe(v.array(UrlRuleSchema), v.maxLength(20)), []),
  utm: v.optional(v.object({ source: v.optional(text(200)), medium: v.optional(text(200)), campaign: v.optional(text(200)) }), {}),
  languages: v.optional(v.array(v.picklist(WIDGET_LOCALES)), []),
  visitors: v.optional(v.picklist(['all', 'new', 'returning']), 'all'),
});
export type Targeting = v.InferOutput<typeof TargetingSchema>;

/**
 * When a targeted bot opens by itself. With none of them it opens only from
 * the launcher or `Parley('start', botId)`. `all`: every named condition
 * must hold (time on page and scroll depth, say); `any`: the first does.
 */
export const TriggerSchema = v.object({
  afterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  scrollPercent: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
  exitIntent: v.optional(v.boolean(), false),
  inactivitySeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600))),
  combine: v.optional(v.picklist(['any', 'all']), 'any'),
  /** How often it may open by itself: every page, once per session, once per day. */
  frequency: v.optional(v.picklist(['always', 'session', 'day']), 'session'),
});
export type Trigger = v.InferOutput<typeof TriggerSchema>;

/** What an owner edits (`PUT /v1/bots/{botId}`): the draft, published as an immutable version. */
export const BotDraftSchema = v.strictObject(
  {
    name: text(100),
    /** Among bots targeting the same page, the higher priority wins. */
    priority: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)), 0),
    targeting: v.optional(TargetingSchema, {}),
    trigger: v.optional(TriggerSchema, {}),
    flow: FlowSchema,
    /**
     * An A/B test: other flows shown instead of `flow` (variant `a`) to an
     * equal share of visitors, each visitor always the same one.
     */
    variants: v.optional(
      v.pipe(
        v.array(
          v.object({
            id: v.pipe(
              IdSchema,
              v.check((id) => id !== 'a', 'variant "a" is the bot\'s own flow'),
            ),
            flow: FlowSchema,
          }),
        ),
        v.maxLength(3, 'has more than 3 variants'),
        v.check((list) => new Set(list.map((x) => x.id)).size === list.length, 'names a variant twice'),
      ),
    ),
  },
  'has an unknown property',
);
export type BotDraft = v.InferOutput<typeof BotDraftSchema>;
/** A draft as a client may send it (defaults left out). */
export type BotDraftInput = v.InferInput<typeof BotDraftSchema>;

export const BotPathSchema = v.object({ botId: IdSchema });
export const RollbackBodySchema = v.strictObject({ version: v.pipe(v.number(), v.integer(), v.minValue(1)) }, 'has an unknown property');

/** A published bot as the widget receives it. */
export const LiveBotSchema = v.object({
  id: IdSchema,
  version: v.number(),
  priority: v.number(),
  targeting: TargetingSchema,
  trigger: TriggerSchema,
  flow: FlowSchema,
  variants: v.optional(v.array(v.object({ id: IdSchema, flow: FlowSchema }))),
});
export type LiveBot = v.InferOutput<typeof LiveBotSchema>;

/** A bot as the API lists it: its draft and which version the widget runs. */
export const BotSchema = v.object({
  botId: IdSchema,
  draft: BotDraftSchema,
  /** Latest version published, 0 for none. */
  latestVersion: v.number(),
  /** The version the widget runs (after a rollback, an older one); absent until published. */
  liveVersion: v.optional(v.number()),
  updatedAt: v.string(),
});
export const BotListSchema = v.object({ data: v.array(BotSchema) });
export const BotVersionSchema = v.object({ botId: IdSchema, version: v.number(), draft: BotDraftSchema, publishedAt: v.string() });

/** `POST /v1/bots/shown`: the widget showed a bot (for its A/B figures). */
export const BotShownBodySchema = v.object({ site: SiteKeySchema, botId: IdSchema, variant: v.optional(IdSchema) });

/** How each variant of a bot did: shown, conversations started, leads captured, with a 95 % Wilson interval of converted / shown. */
export const BotStatsSchema = v.object({
  data: v.array(
    v.object({ variant: v.string(), shown: v.number(), started: v.number(), converted: v.number(), rate: v.number(), low: v.number(), high: v.number() }),
  ),
});
