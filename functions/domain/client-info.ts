import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { UAParser } from 'ua-parser-js';
import { maskIpToNetwork } from '../../shared/ip';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { hmac, randomString } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import type { Tenant } from './tenants';
import type { ClientInfo } from './captured';

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
