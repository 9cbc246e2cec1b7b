import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { UAParser } from 'ua-parser-js';
import { maskIpToNetwork } from '../../shared/ip';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { hmac, randomString } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import type { Tenant } from './tenants';

/** What Parley keeps about the client of a request: never the address itself. */
export interface ClientInfo {
  ipNetwork?: string;
  country?: string;
  browser?: string;
  os?: string;
  deviceType: string;
}

/** What a request tells about its client, taken from the HTTP event at the edge. */
export interface ClientRequest {
  /** The full address: used for the network and the cookieless id, never stored. */
  sourceIp: string | undefined;
  userAgent: string;
  /** ISO country code from the CDN, if any. */
  country: string | undefined;
}

export function clientInfo(request: ClientRequest, tenant: Tenant): ClientInfo {
  const ua = new UAParser(request.userAgent).getResult();
  const info: ClientInfo = { deviceType: ua.device.type ?? 'desktop' };
  const network = maskIpToNetwork(request.sourceIp, tenant.settings.ipv4Prefix);
  if (network) info.ipNetwork = network;
  if (request.country && /^[A-Z]{2}$/.test(request.country)) info.country = request.country;
  if (ua.browser.name) info.browser = ua.browser.name;
  if (ua.os.name) info.os = ua.os.name;
  return info;
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

const salts = new Map<string, string>();

/**
 * The tenant's salt of the day: created by whichever request comes first
 * (conditional put), expired after two days, so yesterday's ids cannot be
 * recomputed once it is gone.
 */
async function saltOfDay(tenant: Tenant, isoDay: string): Promise<string> {
  const cacheKey = `${tenant.tenantId}/${isoDay}`;
  const cached = salts.get(cacheKey);
  if (cached) return cached;
  const key = TenantKeys.dailySalt(tenant.tenantId, isoDay);
  const fresh = randomString(43);
  let salt = fresh;
  try {
    await conditionally(
      db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, entity: 'salt', salt: fresh, [TTL_ATTRIBUTE]: Math.floor(Date.parse(isoDay) / 1000) + 2 * 86_400 },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    salt = String(Item?.salt);
  }
  if (salts.size > 1000) salts.clear();
  salts.set(cacheKey, salt);
  return salt;
}

/**
 * The cookieless id of the day (the Plausible method): a keyed hash of site,
 * full address and user agent under the daily salt. The address is used here
 * and nowhere else.
 */
export async function dayVisitorId(tenant: Tenant, request: ClientRequest, now = new Date()): Promise<string> {
  const isoDay = now.toISOString().slice(0, 10);
  const salt = await saltOfDay(tenant, isoDay);
  const source = `${tenant.siteKey}|${request.sourceIp ?? ''}|${request.userAgent}`;
  return `d_${hmac(salt, source).slice(0, 30)}`;
}
