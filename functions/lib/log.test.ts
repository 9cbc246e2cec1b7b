import { describe, expect, it } from 'vitest';
import { redact } from './log';

describe('redact', () => {
  it.each([
    ['client 203.0.113.77 connected', '203.0.113.77'],
    ['from 2001:db8:abcd:12::1', '2001:db8:abcd:12::1'],
    ['mail anna.k@example.fi now', 'anna.k@example.fi'],
    ['call +358 40 123 4567', '123 4567'],
    ['key sk_abcdefgh12345678_ABCDEFGH_0123456789abcdefghijABCDEFGHIJ01', '0123456789abcdefghij'],
  ])('removes the sensitive part of %j', (input, secret) => {
    expect(String(redact(input))).not.toContain(secret);
  });

  it('keeps timestamps, ids and counts readable', () => {
    expect(redact('closed at 2026-11-23T05:06:31.665Z, 42 items, rcpt_AbC123')).toBe('closed at 2026-11-23T05:06:31.665Z, 42 items, rcpt_AbC123');
  });

  it('drops values under sensitive keys at any depth', () => {
    expect(redact({ event: { body: '{"email":"x@y.z"}', headers: { authorization: 'Bearer sk_x', 'x-parley-visitor': 'pv1.t' } }, text: 'hello' })).toEqual({
      event: { body: '[redacted]', headers: { authorization: '[redacted]', 'x-parley-visitor': '[redacted]' } },
      text: '[redacted]',
    });
  });
});
