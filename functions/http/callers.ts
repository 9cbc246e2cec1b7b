import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type RateState, rateHeaders, rateLimits, takeRequest } from '../domain/rate-limit';
import { type Tenant, authenticateApiKey, tenantForSiteKey } from '../domain/tenants';
import { verifyVisitorToken } from '../domain/visitor-tokens';
import { ApiError, forbiddenOrigin, unauthorized } from '../lib/errors';
import { type Permission, roleAllows, scopesAllow } from '../../shared/permissions';
import { type SignedIn, csrfMatches, readSession } from '../domain/accounts/sessions';
import { type HttpEvent, type HttpResult, header } from '../lib/http';

type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

/** The session cookie's name (SPEC). */
export const SESSION_COOKIE = 'parley_session';

/** Who is calling, as the route's `auth` established it. */
export type Caller =
  | { kind: 'none' }
  | { kind: 'site'; tenant: Tenant }
  | { kind: 'visitor'; tenant: Tenant; visitorId: string }
  | {
      kind: 'apiKey';
      tenant: Tenant;
      /** The key's id; empty when a signed-in person calls. */
      keyId: string;
      /** `key:<keyId>` or `user:<userId>`, for the audit log. */
      actor: string;
      /** The person's role, or the key's scopes (`full` for a full-scope key). */
      actorRole: string;
      signedIn?: SignedIn;
      rate: RateState;
    }
  | { kind: 'session'; tenant: Tenant; signedIn: SignedIn };

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

/** The session cookie of a request (`parley_session`), if any. */
export function sessionCookie(event: HttpEvent): string | undefined {
  const cookies = event.cookies ?? header(event, 'cookie')?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...value] = cookie.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const forbidden = (why: string) => new ApiError(403, 'forbidden', why);

/**
 * A customer: `Authorization: Bearer sk_…` (a key, with its scopes), or else
 * a signed-in person's session cookie (with their role), which must carry
 * `X-Parley-CSRF` on every state-changing request. A key's request is
 * counted against its rate limit as it is verified (429), then the route's
 * permission (403 `forbidden`); a person's after it. The answer carries the
 * RateLimit-* headers. 401 without either.
 */
export const customerCaller = (permission: Permission): Middleware => ({
  before: async (request) => {
    const { event } = request;
    const authorization = header(event, 'authorization');
    const cookie = authorization ? undefined : sessionCookie(event);
    let caller: Extract<Caller, { kind: 'apiKey' }>;
    if (cookie !== undefined) {
      const signedIn = await readSession(cookie);
      if (!signedIn) throw unauthorized('Sign in again: the session has ended');
      const method = event.requestContext?.http?.method ?? '';
      if (STATE_CHANGING.has(method) && !csrfMatches(signedIn.tenant.tenantId, signedIn.sessionHash, header(event, 'x-parley-csrf'))) {
        throw forbidden('A signed-in change needs the X-Parley-CSRF header from GET /v1/me');
      }
      if (signedIn.tenant.settings.requireMfa && !signedIn.mfa) {
        throw new ApiError(403, 'mfa_required', 'This team requires a second factor: turn it on in your account and sign in again');
      }
      if (!roleAllows(signedIn.role, permission)) throw forbidden(`The ${signedIn.role} role may not do this`);
      const rate = await takeRequest(signedIn.tenant.tenantId, `user:${signedIn.userId}`, rateLimits.perKey());
      caller = { kind: 'apiKey', tenant: signedIn.tenant, keyId: '', actor: `user:${signedIn.userId}`, actorRole: signedIn.role, signedIn, rate };
    } else {
      const { tenant, keyId, scopes, rate } = await authenticateApiKey(authorization);
      if (!scopesAllow(scopes, permission)) throw forbidden('This key’s scopes do not allow this');
      caller = { kind: 'apiKey', tenant, keyId, actor: `key:${keyId}`, actorRole: scopes.length ? scopes.join(' ') : 'full', rate };
    }
    (request.context as CallerContext).caller = caller;
  },
  after: (request) => {
    const caller = callerOf(request.context);
    const response = request.response;
    if (caller.kind === 'apiKey' && response && typeof response === 'object') response.headers = { ...response.headers, ...rateHeaders(caller.rate) };
  },
});

/** A signed-in person only (their own account: `GET /v1/me`, sign-out). */
export const sessionCaller = (csrf = true): Middleware => ({
  before: async (request) => {
    const signedIn = await readSession(sessionCookie(request.event));
    if (!signedIn) throw unauthorized('Sign in first');
    const method = request.event.requestContext?.http?.method ?? '';
    if (csrf && STATE_CHANGING.has(method) && !csrfMatches(signedIn.tenant.tenantId, signedIn.sessionHash, header(request.event, 'x-parley-csrf'))) {
      throw forbidden('A signed-in change needs the X-Parley-CSRF header from GET /v1/me');
    }
    (request.context as CallerContext).caller = { kind: 'session', tenant: signedIn.tenant, signedIn };
  },
});

/** Either side of a conversation: the visitor (by `X-Parley-Visitor`), or else a customer with `permission`. */
export const participantCaller = (permission: Permission): Middleware => {
  const visitor = visitorCaller();
  const customer = customerCaller(permission);
  return {
    // No credentials at all is a visitor without a token (SPEC: 401 invalid_visitor_token).
    before: (request) => {
      const { event } = request;
      const asCustomer =
        header(event, 'x-parley-visitor') === undefined && (header(event, 'authorization') !== undefined || sessionCookie(event) !== undefined);
      return asCustomer ? customer.before!(request) : visitor.before!(request);
    },
    after: (request) => customer.after!(request),
  };
};
