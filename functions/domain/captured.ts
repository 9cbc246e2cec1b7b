/**
 * What every captured item (event, conversation, lead) keeps beside its own
 * data. Apart from client-info.ts, which parses user agents, so that the
 * modules storing items do not load the parser into every function using them.
 */
import type { Tenant } from './tenants';

/** What Parley keeps about the client of a request: never the address itself. */
export interface ClientInfo {
  ipNetwork?: string;
  country?: string;
  browser?: string;
  os?: string;
  deviceType: string;
}

export interface Utm {
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
}

/** UTM parameters of a page URL. */
export function utmFromUrl(url: string | undefined): Utm {
  if (!url) return {};
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return {};
  }
  const utm: Utm = {};
  const pick = (name: string) => params.get(name)?.slice(0, 200) || undefined;
  const source = pick('utm_source');
  const medium = pick('utm_medium');
  const campaign = pick('utm_campaign');
  if (source) utm.utmSource = source;
  if (medium) utm.utmMedium = medium;
  if (campaign) utm.utmCampaign = campaign;
  return utm;
}

/** Epoch seconds at which an item captured at `iso` leaves under the tenant's retention. */
export function expiryFor(tenant: Tenant, iso: string = new Date().toISOString()): number {
  return Math.floor(Date.parse(iso) / 1000) + tenant.settings.retentionDays * 86_400;
}
