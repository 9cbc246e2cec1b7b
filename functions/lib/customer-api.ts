import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type RateState, rateHeaders, rateLimits, takeRequest } from '../domain/rate-limit';
import { type ApiKeyPrincipal, authenticateApiKey } from '../domain/tenants';
import { type HttpEvent, type HttpResult, header, jsonApi, plainApi } from './http';

type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

export interface CustomerContext extends Context {
  principal: ApiKeyPrincipal;
  rate?: RateState;
}

/**
 * Resolves the secret API key to its tenant (401 otherwise), then counts the
 * request against the key's per-minute limit (429 past it); the answer
 * carries the RateLimit-* headers.
 */
const customerAuth = (): Middleware => ({
  before: async (request) => {
    const context = request.context as CustomerContext;
    context.principal = await authenticateApiKey(header(request.event, 'authorization'));
    context.rate = await takeRequest(context.principal.tenant.tenantId, `key:${context.principal.keyId}`, rateLimits.perKey());
  },
  after: (request) => {
    const { rate } = request.context as CustomerContext;
    const response = request.response;
    if (rate && response && typeof response === 'object') response.headers = { ...response.headers, ...rateHeaders(rate) };
  },
});

/** Middlewares of a customer-facing route (secret key), with or without a JSON body. */
export function customerApi(options: { body?: boolean; maxBodyBytes?: number } = {}): Middleware[] {
  const [...stack] = options.body ? jsonApi(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) : plainApi();
  // Authenticate before the body is parsed: an anonymous caller learns nothing about the body rules.
  const firstBodyStep = options.body ? stack.length - 2 : stack.length;
  stack.splice(firstBodyStep, 0, customerAuth());
  return stack;
}

/** The authenticated key of a customer request. */
export function principalOf(context: Context): ApiKeyPrincipal {
  return (context as CustomerContext).principal;
}
