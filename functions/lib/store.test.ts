import { describe, expect, it } from 'vitest';
import { updateExpression } from './store';

describe('updateExpression', () => {
  it('sets, keeps and adds with placeholders for every name and value', () => {
    expect(updateExpression({ set: { email: 'a@b.fi', 'odd-name': 1, skipped: undefined }, keep: { createdAt: 'now' }, add: { count: 2 } })).toEqual({
      UpdateExpression: 'SET #u0 = :u0, #u1 = :u1, #u2 = if_not_exists(#u2, :u2) ADD #u3 :u3',
      ExpressionAttributeNames: { '#u0': 'email', '#u1': 'odd-name', '#u2': 'createdAt', '#u3': 'count' },
      ExpressionAttributeValues: { ':u0': 'a@b.fi', ':u1': 1, ':u2': 'now', ':u3': 2 },
    });
  });

  it('keeps the values a condition of the caller needs', () => {
    const parts = updateExpression({ set: { restricted: true }, values: { ':nowSec': 5 } });
    expect(parts.ExpressionAttributeValues).toEqual({ ':u0': true, ':nowSec': 5 });
  });
});
