import type { RelyingParty } from '../domain/accounts/passkeys';
import { ApiError } from '../lib/errors';
import { type HttpEvent, header } from '../lib/http';

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

const hostOf = (event: HttpEvent) => (header(event, 'host') ?? event.requestContext?.domainName ?? '').toLowerCase();

/** The RP ID passkeys are bound to: `PARLEY_RP_ID` when set (a parent domain), else the host the dashboard is served from. */
export const rpIdOf = (event: HttpEvent): string => process.env.PARLEY_RP_ID || hostOf(event).replace(/:\d+$/, '');

/**
 * The relying party of a ceremony's second half: the page's Origin must be
 * the public URL or this very host (plain http only on localhost), since the
 * signature covers the origin the browser saw.
 */
export function relyingParty(event: HttpEvent): RelyingParty {
  const host = hostOf(event);
  const allowed = new Set([`https://${host}`, ...(LOCAL.has(host.replace(/:\d+$/, '')) ? [`http://${host}`] : [])]);
  const publicUrl = process.env.PARLEY_PUBLIC_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  const origin = header(event, 'origin') ?? '';
  if (!allowed.has(origin)) throw new ApiError(403, 'origin_not_allowed', 'Passkeys work only from the Parley dashboard');
  return { rpID: rpIdOf(event), origin };
}
