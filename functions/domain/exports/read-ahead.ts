/**
 * Pages read ahead for clients walking a JSON listing, per instance: while
 * a client takes one page, the next is read, so its Query no longer waits
 * for the client's next request, the key check and the HTTP round trip (a
 * whole-range file export reads ahead the same way). A page read ahead is
 * only ever served for the very request it was read for — same tenant,
 * listing, query options, page size and cursor — after that request passed
 * its own authentication, and only while fresh: it is never older than
 * `MAX_AGE_MS`, and an erasure, correction or settings change made through
 * this instance drops the tenant's pages at once.
 */

/** The oldest page served: a walking client asks for its next page within milliseconds. */
export const MAX_AGE_MS = 2_000;
/** Pages held at most (oldest dropped first): one per walking client, a page each. */
const MAX_PAGES = 16;
/** How long a listing whose page went stale is not read ahead for (its client reads slowly). */
const SLOW_MS = 5 * 60_000;

interface Ahead {
  tenantId: string;
  at: number;
  page: Promise<unknown>;
}

const pages = new Map<string, Ahead>();
/** Listings (tenant, options, page size) whose client did not come back in time: reading ahead for them wastes reads. */
const slow = new Map<string, number>();

/**
 * The page read ahead for this request, if one is fresh; either way the
 * entry is gone. A stale one marks the listing slow (see `readAhead`).
 */
export function takePage<Page>(walk: string, cursor: string, now = Date.now()): Promise<Page> | undefined {
  const key = `${walk}|${cursor}`;
  const ahead = pages.get(key);
  if (!ahead) return undefined;
  pages.delete(key);
  if (now - ahead.at < MAX_AGE_MS) return ahead.page as Promise<Page>;
  if (slow.size >= 1_000) slow.clear();
  slow.set(walk, now + SLOW_MS);
  return undefined;
}

/**
 * Starts reading the page `cursor` names, for the client walking `walk`
 * (a listing of `tenantId`: entity, options, page size), unless its client
 * has been too slow to use one lately. A failed read is dropped when taken:
 * the request then reads for itself.
 */
export function readAhead(tenantId: string, walk: string, cursor: string, read: () => Promise<unknown>, now = Date.now()): void {
  const key = `${walk}|${cursor}`;
  // A repeated request (a client's retry) finds its next page already being read.
  if ((slow.get(walk) ?? 0) > now || pages.has(key)) return;
  // Pages nobody came for (the client stopped, or went to another instance) hold no memory past their age.
  for (const [old, ahead] of pages) if (now - ahead.at >= MAX_AGE_MS) pages.delete(old);
  if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value as string);
  const page = read();
  page.catch(() => undefined);
  pages.set(key, { tenantId, at: now, page });
}

/** Drops every page read ahead for a tenant: its data changed through this instance. */
export function forgetPagesOf(tenantId: string): void {
  for (const [key, ahead] of pages) if (ahead.tenantId === tenantId) pages.delete(key);
}
