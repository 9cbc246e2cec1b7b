import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type RateState, rateHeaders, rateLimits, takeRequest } from '../domain/rate-limit';
import { type Tenant, authenticateApiKey, tenantForSiteKey } from '../domain/tenants';
import { verifyVisitorToken } from '../domain/visitor-tokens';
import { forbiddenOrigin } from '../lib/errors';
import { type HttpEvent, type HttpResult, header } from '../lib/http';

type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

/** Who is calling, as the route's `auth` established it. */
export type Caller =
  | { kind: 'none' }
  | { kind: 'site'; tenant: Tenant }
  | { kind: 'visitor'; tenant: Tenant; visitorId: string }
  | { kind: 'apiKey'; tenant: Tenant; keyId: string; actor: string; rate: RateState };

export interface CallerContext extends Context {
  caller: Caller;
  /** Validated path, query and body, filled before the handler runs. */
  input: { path: unknown; query: unknown; body: unknown };
}

export const callerOf = (context: Context): Caller => (context as CallerContext).caller ?? { kind: 'none' };

/**
 * Refuses a browser origin the tenant has not allowed (403). Requests without
 * an Origin header (servers, curl) cannot be told apart by origin anyway.
 */
export function assertOriginAllowed(tenant: Tenant, event: HttpEvent): void {
  const origin = header(event, 'origin');
  const allowed = tenant.settings.allowedOrigins;
  if (!origin || allowed.length === 0 || allowed.includes(origin.toLowerCase())) return;
  // Without the header, the CORS middleware sends no Access-Control-Allow-Origin.
  delete event.headers.origin;
  throw forbiddenOrigin();
}

/** The site key (validated input, body or query) → tenant, then its allowed origins; the site's rate limit is counted. */
export const siteCaller = (): Middleware => ({
  before: async (request) => {
    const context = request.context as CallerContext;
    const { body, query } = context.input as { body?: { site?: string }; query?: { site?: string } };
    const tenant = await tenantForSiteKey(String(body?.site ?? query?.site ?? ''));
    assertOriginAllowed(tenant, request.event);
    context.caller = { kind: 'site', tenant };
  },
});

/** `X-Parley-Visitor` → tenant and visitor (401 otherwise), then the tenant's allowed origins. */
export const visitorCaller = (): Middleware => ({
  before: async (request) => {
    const { tenant, visitorId } = await verifyVisitorToken(header(request.event, 'x-parley-visitor'));
    assertOriginAllowed(tenant, request.event);
    (request.context as CallerContext).caller = { kind: 'visitor', tenant, visitorId };
  },
});

/**
 * `Authorization: Bearer sk_…` → tenant (401 otherwise), then the key's
 * per-minute limit (429 past it); the answer carries the RateLimit-* headers.
 */
export const apiKeyCaller = (): Middleware => ({
  before: async (request) => {
    const { tenant, keyId } = await authenticateApiKey(header(request.event, 'authorization'));
    const rate = await takeRequest(tenant.tenantId, `key:${keyId}`, rateLimits.perKey());
    (request.context as CallerContext).caller = { kind: 'apiKey', tenant, keyId, actor: `key:${keyId}`, rate };
  },
  after: (request) => {
    const caller = callerOf(request.context);
    const response = request.response;
    if (caller.kind === 'apiKey' && response && typeof response === 'object') response.headers = { ...response.headers, ...rateHeaders(caller.rate) };
  },
});
