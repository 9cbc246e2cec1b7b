import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { config } from './config';
import { ApiError } from './errors';
import { secretString } from './secrets';

/**
 * In AWS every request reaches the API through CloudFront, which adds this
 * header with a generated secret: `PARLEY_EDGE_KEY_SECRET_ARN` names a
 * Secrets Manager secret `{ "current": …, "previous"?: … }` (CloudFront sends
 * `current`; both are accepted, so a rotation puts the new value in
 * `current` and the old in `previous` until CloudFront has deployed it), or
 * `PARLEY_EDGE_KEY` holds the accepted values separated by commas. Without
 * either (`npm start`, tests) nothing is checked.
 */
export const EDGE_HEADER = 'x-parley-edge';

/** The values the header may carry: none when no key is configured. */
export function edgeKeysOf(plain: string | undefined, secret: string | undefined): string[] {
  if (plain)
    return plain
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  if (!secret) return [];
  try {
    const { current, previous } = JSON.parse(secret) as { current?: unknown; previous?: unknown };
    return [current, previous].filter((k): k is string => typeof k === 'string' && k.length > 0);
  } catch {
    // Not JSON: the whole string is the one key.
    return [secret];
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The accepted keys' digests, made again only when the configured value changes (not on every request). */
let accepted: { plain: string | undefined; secret: string | undefined; digests: Buffer[] } | undefined;

async function acceptedDigests(): Promise<Buffer[]> {
  const plain = config.edgeKey();
  const arn = config.edgeKeySecretArn();
  const secret = !plain && arn ? await secretString(arn) : undefined;
  if (!accepted || accepted.plain !== plain || accepted.secret !== secret) accepted = { plain, secret, digests: edgeKeysOf(plain, secret).map(digest) };
  return accepted.digests;
}

/** The viewer's address as CloudFront names it (`198.51.100.7:53124`, `2001:db8::7:53124`): the address without the port. */
export function viewerAddress(value: string | undefined): string | undefined {
  const at = value?.lastIndexOf(':') ?? -1;
  const address = at > 0 ? value?.slice(0, at) : undefined;
  return address && ipaddr.isValid(address) ? address : undefined;
}

type EdgeEvent = { headers?: Record<string, string | undefined> | null; requestContext?: object };

/**
 * Admits a request only from CloudFront when a key is configured: the
 * execute-api address answers 403 to anyone else. Behind CloudFront the
 * connection's address is the edge's, so the viewer's own comes from
 * `CloudFront-Viewer-Address`, trusted only with the key. The key's header
 * leaves the event (nothing after this sees or logs it).
 */
export async function admitFromEdge(event: EdgeEvent): Promise<void> {
  const digests = await acceptedDigests();
  if (digests.length === 0) return;
  const headers = event.headers ?? {};
  const name = Object.keys(headers).find((h) => h.toLowerCase() === EDGE_HEADER);
  const given = name ? headers[name] : undefined;
  if (name) delete headers[name];
  const seen = given ? digest(given) : undefined;
  if (!seen || !digests.some((d) => timingSafeEqual(seen, d))) throw new ApiError(403, 'edge_only', 'Requests come through the service address');
  const viewerHeader = Object.keys(headers).find((h) => h.toLowerCase() === 'cloudfront-viewer-address');
  const viewer = viewerAddress(viewerHeader ? headers[viewerHeader] : undefined);
  const http = (event.requestContext as { http?: { sourceIp: string } } | undefined)?.http;
  if (viewer && http) http.sourceIp = viewer;
}
