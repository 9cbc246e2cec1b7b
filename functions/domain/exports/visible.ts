import { TTL_ATTRIBUTE } from '../../lib/table-keys';

/**
 * The one rule every read for customers applies: an item past its expiry is
 * gone (DynamoDB's TTL deletes lazily, reads must not wait for it), and a
 * restricted contact is kept but never exported.
 */
export function visibilityFilter(now: Date, options: { excludeRestricted?: boolean } = {}) {
  const conditions = ['(attribute_not_exists(#ttl) OR #ttl > :now)'];
  const names: Record<string, string> = { '#ttl': TTL_ATTRIBUTE };
  const values: Record<string, unknown> = { ':now': Math.floor(now.getTime() / 1000) };
  if (options.excludeRestricted) {
    conditions.push('(attribute_not_exists(#restricted) OR #restricted = :false)');
    names['#restricted'] = 'restricted';
    values[':false'] = false;
  }
  return { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** The same rule for an item already read. */
export function isVisible(item: Record<string, unknown>, now: Date, options: { excludeRestricted?: boolean } = {}): boolean {
  const expiresAt = item[TTL_ATTRIBUTE];
  if (typeof expiresAt === 'number' && expiresAt <= Math.floor(now.getTime() / 1000)) return false;
  return !(options.excludeRestricted && item.restricted === true);
}
