import { describe, expect, it } from 'vitest';
import { maskIpToNetwork } from './ip';

describe('maskIpToNetwork', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['203.0.113.0', '203.0.113.0/24'],
    ['255.255.255.255', '255.255.255.0/24'],
    [' 10.1.2.3 ', '10.1.2.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:abcd:ffff:ffff:ffff:ffff:ffff', '2001:db8:abcd::/48'],
    ['[2001:db8:abcd:12::1]', '2001:db8:abcd::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['::1', '::/48'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['::ffff:cb00:714d', '203.0.113.0/24'],
  ])('masks %s to %s', (input, expected) => {
    expect(maskIpToNetwork(input)).toBe(expected);
  });

  it('widens IPv4 to /16 when the tenant asks, leaving IPv6 at /48', () => {
    expect(maskIpToNetwork('203.0.113.77', 16)).toBe('203.0.0.0/16');
    expect(maskIpToNetwork('::ffff:203.0.113.77', 16)).toBe('203.0.0.0/16');
    expect(maskIpToNetwork('2001:db8:abcd:12::1', 16)).toBe('2001:db8:abcd::/48');
  });

  it.each(['', 'localhost', '999.1.1.1', '1.2.3', 'not an ip', '203.0.113.77, 10.0.0.1'])('refuses %j rather than storing it', (input) => {
    expect(maskIpToNetwork(input)).toBeUndefined();
  });

  it('never returns the host part of any IPv4 address', () => {
    for (let i = 0; i < 200; i++) {
      const host = 1 + Math.floor(Math.random() * 254);
      expect(maskIpToNetwork(`198.51.100.${host}`)).toBe('198.51.100.0/24');
    }
  });
});
