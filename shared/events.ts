/** Behavioural event types the widget sends and the API accepts. */
export const EVENT_TYPES = ['page_view', 'click', 'scroll', 'session_end', 'custom'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Scroll depth milestones, in percent of the page. */
export const SCROLL_DEPTHS = [25, 50, 75, 100] as const;

/** Lead fields the bot can collect, in export column order. */
export const LEAD_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company'] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Limits of one `POST /v1/collect` request. */
export const COLLECT_LIMITS = { maxEvents: 50, maxBytes: 64 * 1024 } as const;

/** The longest retention a tenant may choose (ten years). */
export const MAX_RETENTION_DAYS = 3650;
