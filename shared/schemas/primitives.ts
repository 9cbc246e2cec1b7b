import * as v from 'valibot';

/** A client-made or server-made identifier (a UUID fits): 1–128 letters, digits, `_`, `-` or `:`. */
export const IdSchema = v.pipe(v.string('must be a string'), v.regex(/^[A-Za-z0-9_:-]{1,128}$/, 'must be 1–128 letters, digits, "_", "-" or ":"'));

/** A referrer as the browser reports it: a URL, or empty. */
export const ReferrerSchema = v.pipe(v.string('must be a string'), v.maxLength(2048, 'is longer than 2048 characters'));

/** A public site key as printed by `npm run tenant -- create`. */
export const SiteKeySchema = v.pipe(v.string('must be a string'), v.regex(/^ps_[a-z0-9]{16}_[A-Za-z0-9]{10}$/, 'is not a site key'));

/**
 * How far a client's clock may be from the server's. An event older than a
 * day or from the future would be stored outside every export's window, so
 * it is refused rather than accepted and never seen (the widget sends within
 * seconds, and its outbox gives up on what it could not send within a day).
 */
export const CLIENT_TIME_WINDOW = { pastMs: 24 * 60 * 60 * 1000, futureMs: 5 * 60 * 1000 } as const;

/**
 * A point in time from a client: epoch milliseconds or an ISO 8601 string,
 * normalised to an ISO string; within the last 24 hours and at most 5
 * minutes ahead.
 */
export const TimestampSchema = v.pipe(
  v.union(
    [
      v.pipe(
        v.number(),
        v.integer(),
        v.transform((n) => n),
      ),
      v.pipe(
        v.string(),
        v.isoTimestamp(),
        v.transform((s) => Date.parse(s)),
      ),
    ],
    'must be epoch milliseconds or an ISO 8601 timestamp',
  ),
  v.check((ms) => ms >= Date.now() - CLIENT_TIME_WINDOW.pastMs, 'is more than 24 hours in the past'),
  v.check((ms) => ms <= Date.now() + CLIENT_TIME_WINDOW.futureMs, 'is more than 5 minutes in the future'),
  v.transform((ms) => new Date(ms).toISOString()),
);

/** An absolute http(s) URL as seen in a browser's address bar. */
export const PageUrlSchema = v.pipe(
  v.string('must be a string'),
  v.maxLength(2048, 'is longer than 2048 characters'),
  v.url('must be an absolute URL'),
  v.check((u) => /^https?:/i.test(u), 'must be an http(s) URL'),
);

/** A short piece of plain text; visitors' text is always rendered as text. */
export const text = (max: number, min = 1) =>
  v.pipe(v.string('must be a string'), v.trim(), v.minLength(min, 'must not be empty'), v.maxLength(max, `is longer than ${max} characters`));

/** A CSS hex colour such as `#2563eb`. */
export const ColorSchema = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2563eb'));

/** A web origin (`https://site.example`, no path). */
export const OriginSchema = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i, 'must be an origin such as https://site.example'),
  v.toLowerCase(),
);
