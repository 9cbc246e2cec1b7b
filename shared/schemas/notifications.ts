import * as v from 'valibot';

/** What a person of the team is mailed about (`GET/PUT /v1/me/notifications`). */
export const NotificationPrefsSchema = v.object({
  /** Each new lead, at once. */
  newLead: v.boolean(),
  /** Yesterday's leads and erasures, once a day. */
  dailyDigest: v.boolean(),
  /** The team's threshold alerts (on by default for owners and admins). */
  alerts: v.boolean(),
  /** A visitor waits for a person while nobody is online (on by default for those who may reply). */
  waiting: v.optional(v.boolean()),
});
export type NotificationPrefs = v.InferOutput<typeof NotificationPrefsSchema>;

const threshold = v.optional(v.nullable(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1_000_000))));

/** A team's threshold alerts (`GET/PUT /v1/alerts`); null or absent turns one off. */
export const AlertRulesSchema = v.object({
  /** Alert when a day (UTC) ends with fewer leads than this. */
  minLeadsPerDay: threshold,
  /** Alert when an hour brings more leads than this. */
  maxLeadsPerHour: threshold,
  /** Alert when a day brings more erasures than this. */
  maxErasuresPerDay: threshold,
});
export type AlertRules = v.InferOutput<typeof AlertRulesSchema>;
