import ipaddr from 'ipaddr.js';

/** Prefix lengths a tenant may choose for IPv4; IPv6 is always cut to /48. */
export type Ipv4Prefix = 24 | 16;

const IPV6_PREFIX = 48;

/**
 * Reduces a client address to its network, the only form Parley keeps:
 * `203.0.113.77` → `203.0.113.0/24`, `2001:db8:abcd:12::1` → `2001:db8:abcd::/48`.
 * IPv4-mapped IPv6 addresses are masked as IPv4. Returns `undefined` for
 * anything that is not an address, so a bad header can never be stored raw.
 */
export function maskIpToNetwork(address: string | undefined, ipv4Prefix: Ipv4Prefix = 24): string | undefined {
  if (!address) return undefined;
  const trimmed = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  // Four dotted parts only: `1.2.3` is a legacy shorthand, not a client address.
  if (trimmed.includes(':') ? !ipaddr.IPv6.isValid(trimmed) : !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return undefined;
  let parsed = ipaddr.parse(trimmed);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (parsed.kind() === 'ipv4') {
    const bytes = (parsed as ipaddr.IPv4).toByteArray();
    return `${maskBytes(bytes, ipv4Prefix).join('.')}/${ipv4Prefix}`;
  }
  const bytes = maskBytes((parsed as ipaddr.IPv6).toByteArray(), IPV6_PREFIX);
  return `${ipaddr.fromByteArray(bytes).toString()}/${IPV6_PREFIX}`;
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}
