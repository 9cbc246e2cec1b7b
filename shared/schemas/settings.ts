import * as v from 'valibot';
import { LEAD_FIELDS, MAX_RETENTION_DAYS } from '../events';
import { type LiveBot, LiveBotSchema, WIDGET_LOCALES } from './bots';
import { ColorSchema, IdSchema, OriginSchema, text } from './primitives';

export const LOCALES = WIDGET_LOCALES;

/** One step of the scripted bot: a question, optionally filling a lead field. */
export const BotQuestionSchema = v.object({
  id: IdSchema,
  text: text(500),
  field: v.optional(v.picklist(LEAD_FIELDS)),
  required: v.optional(v.boolean(), false),
});

export const BotFlowSchema = v.object({
  greeting: text(1000),
  questions: v.pipe(v.array(BotQuestionSchema), v.maxLength(20)),
  consentText: text(2000),
  thanks: text(1000),
});
export type BotFlow = v.InferOutput<typeof BotFlowSchema>;

/** Everything a tenant can configure (`GET/PUT /v1/settings`). */
export const SettingsSchema = v.strictObject(
  {
    allowedOrigins: v.pipe(v.array(OriginSchema), v.maxLength(50)),
    consentMode: v.picklist(['optional', 'required'], 'must be "optional" or "required"'),
    retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_RETENTION_DAYS)),
    ipv4Prefix: v.picklist([24, 16], 'must be 24 or 16'),
    locale: v.picklist(['auto', ...LOCALES]),
    theme: v.object({ color: ColorSchema, side: v.picklist(['left', 'right']) }),
    bot: BotFlowSchema,
    /** Every person of the team must sign in with a second factor. */
    requireMfa: v.optional(v.boolean('must be true or false'), false),
    /** The lead score at which a lead counts as qualified. */
    qualifyScore: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(100_000)), 50),
  },
  'has an unknown setting',
);
export type Settings = v.InferOutput<typeof SettingsSchema>;

/**
 * A change to the settings (`PUT /v1/settings`): any subset; `theme` and `bot`
 * field by field; `ipMask` (`"/16"`, `16`) for `ipv4Prefix`. The merged
 * result is then validated whole with SettingsSchema.
 */
export const SettingsChangeSchema = v.strictObject(
  {
    allowedOrigins: v.optional(SettingsSchema.entries.allowedOrigins),
    consentMode: v.optional(SettingsSchema.entries.consentMode),
    retentionDays: v.optional(SettingsSchema.entries.retentionDays),
    ipv4Prefix: v.optional(SettingsSchema.entries.ipv4Prefix),
    ipMask: v.optional(v.union([v.string(), v.number()], 'must be /24 or /16')),
    locale: v.optional(SettingsSchema.entries.locale),
    requireMfa: v.optional(v.boolean('must be true or false')),
    qualifyScore: v.optional(SettingsSchema.entries.qualifyScore.wrapped),
    theme: v.optional(v.partial(SettingsSchema.entries.theme)),
    bot: v.optional(v.partial(BotFlowSchema)),
  },
  'has an unknown setting',
);

/** What the widget receives from `GET /v1/widget/config`. */
export interface WidgetConfig {
  name: string;
  consentMode: Settings['consentMode'];
  locale: Settings['locale'];
  /** `text`: black or white, whichever reads best on `color` (`readableOn`), so the widget carries no colour maths. */
  theme: Settings['theme'] & { text: '#111' | '#fff' };
  bot: BotFlow;
  /** The published bots (or the settings flow as one), each with its targeting and trigger. */
  bots: LiveBot[];
}

export const DEFAULT_SETTINGS: Settings = {
  allowedOrigins: [],
  consentMode: 'optional',
  retentionDays: 395,
  ipv4Prefix: 24,
  locale: 'auto',
  requireMfa: false,
  qualifyScore: 50,
  theme: { color: '#1d4ed8', side: 'right' },
  bot: {
    greeting: 'Hi! Have a question? I can put you in touch with our team.',
    questions: [
      { id: 'q_firstname', text: 'What is your first name?', field: 'firstName', required: true },
      { id: 'q_email_address', text: 'Which email can we reach you at?', field: 'email', required: true },
      { id: 'q_company', text: 'Which company are you with?', field: 'company', required: false },
      { id: 'q_need_help', text: 'What can we help you with?', required: false },
    ],
    consentText: 'May we send you occasional product news by email? You can unsubscribe at any time.',
    thanks: 'Thanks! Someone from our team will be in touch soon.',
  },
};

/** `GET /v1/widget/config` */
export const WidgetConfigSchema = v.object({
  name: v.string(),
  consentMode: SettingsSchema.entries.consentMode,
  locale: SettingsSchema.entries.locale,
  theme: v.object({ ...SettingsSchema.entries.theme.entries, text: v.picklist(['#111', '#fff']) }),
  bot: BotFlowSchema,
  bots: v.array(LiveBotSchema),
});

/** `GET` and `PUT /v1/settings` */
export const TenantSettingsSchema = v.object({ tenantId: v.string(), name: v.string(), siteKey: v.string(), settings: SettingsSchema });
