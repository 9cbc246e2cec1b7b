import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Requests Parley makes to addresses its customers name (webhooks, CRMs),
 * guarded against server-side request forgery: https only (plain http only
 * to 127.0.0.1/localhost when local addresses are allowed, for development
 * and tests), the name resolved once and every address checked before a
 * socket opens, the connection made to that checked address (no second
 * lookup, so no DNS rebinding), no redirects followed, 15 s at most.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundRequest {
  url: URL;
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}
export interface OutboundResponse {
  status: number;
  headers: Record<string, string | undefined>;
}
/** Opens the connection and sends; only ever called with an address the guard accepted. */
export type Sender = (request: OutboundRequest) => Promise<OutboundResponse>;

export class AddressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefused';
  }
}

export const OUTBOUND_TIMEOUT_MS = 15_000;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

let deps: { resolve: Resolver; send: Sender } = { resolve: systemResolver, send: (r) => sendOnce(r) };

/** Replaces the resolver and/or sender (tests; returns a function that puts the previous ones back). */
export function setOutboundDeps(next: Partial<typeof deps>): () => void {
  const previous = deps;
  deps = { ...deps, ...next };
  return () => {
    deps = previous;
  };
}

const LOCAL_NAMES = new Set(['127.0.0.1', 'localhost']);

/** Refuses a URL by its form alone: scheme, credentials, and (for literal addresses) the address. */
export function checkUrlForm(raw: string, allowLocal: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AddressRefused('The URL is not an absolute URL');
  }
  const local = allowLocal && LOCAL_NAMES.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new AddressRefused('The URL must use https');
  if (url.username || url.password) throw new AddressRefused('The URL must not carry credentials');
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(literal) && !isAllowedAddress(literal, allowLocal)) throw new AddressRefused('The URL points at a private or reserved address');
  return url;
}

/**
 * True for a public unicast address. Refused: private (10/8, 172.16/12,
 * 192.168/16), loopback, link-local (169.254/16 with the cloud metadata
 * service, fe80::/10), carrier-grade NAT (100.64/10), unique-local (fc00::/7,
 * with fd00:ec2::254), multicast, reserved and unspecified; an IPv4-mapped
 * IPv6 address is judged as its IPv4. With `allowLocal`, 127.0.0.1 and ::1.
 */
export function isAllowedAddress(address: string, allowLocal = false): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'loopback') return allowLocal && (ip.toString() === '127.0.0.1' || ip.toString() === '::1');
  return range === 'unicast';
}

/** Resolves the URL's host and checks every address; answers the one to connect to. */
export async function resolveAllowed(url: URL, allowLocal: boolean, resolve: Resolver = deps.resolve): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 } as ResolvedAddress] : await resolveOrRefuse(resolve, host);
  if (!addresses.length) throw new AddressRefused('The host name does not resolve');
  // Every address must be acceptable: a name that also resolves inside the network is refused whole.
  if (addresses.some((a) => !isAllowedAddress(a.address, allowLocal))) throw new AddressRefused('The host resolves to a private or reserved address');
  const chosen = addresses[0] as ResolvedAddress;
  return chosen;
}

async function resolveOrRefuse(resolve: Resolver, host: string): Promise<ResolvedAddress[]> {
  try {
    return await resolve(host);
  } catch {
    throw new AddressRefused('The host name does not resolve');
  }
}

/**
 * POSTs a body to a URL through the guard. Refusals throw `AddressRefused`
 * before any socket opens; any HTTP answer (3xx included: redirects are
 * never followed) is returned with its status.
 */
export async function guardedPost(
  raw: string,
  body: string,
  headers: Record<string, string>,
  options: { allowLocal: boolean; timeoutMs?: number },
): Promise<OutboundResponse> {
  const url = checkUrlForm(raw, options.allowLocal);
  const address = await resolveAllowed(url, options.allowLocal);
  return deps.send({ url, address, headers, body, timeoutMs: options.timeoutMs ?? OUTBOUND_TIMEOUT_MS });
}

/** The real sender: node's http(s) with a lookup that answers only the checked address. */
function sendOnce(r: OutboundRequest): Promise<OutboundResponse> {
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [r.address]);
    else callback(null, r.address.address, r.address.family);
  };
  const send = r.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      r.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Parley-Webhooks/1', ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
        lookup: pinned,
        timeout: r.timeoutMs,
      },
      (res) => {
        // The answer's body is not kept (a receiver could echo anything); read a little and drop it.
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: { 'retry-after': headerOf(res.headers['retry-after']) } }));
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: { 'retry-after': headerOf(res.headers['retry-after']) } }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(r.body);
  });
}

const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
