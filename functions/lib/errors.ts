import type * as v from 'valibot';

export interface ErrorIssue {
  path: string;
  message: string;
}

/**
 * An error the client may see: an HTTP status, a snake_case code and a
 * message. `expose` follows middy's rule (status < 500); anything that is
 * not an ApiError becomes a plain 500 without internals.
 */
export class ApiError extends Error {
  readonly expose: boolean;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.expose = statusCode < 500 || statusCode === 503;
  }

  toBody(): string {
    return JSON.stringify({ error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } });
  }
}

export const badRequest = (message: string, issues?: ErrorIssue[]) => new ApiError(400, 'invalid_request', message, issues);
export const unauthorized = (message = 'A valid API key is required') => new ApiError(401, 'unauthorized', message);
export const forbiddenOrigin = () => new ApiError(403, 'origin_not_allowed', 'This origin is not allowed for this site');
export const notFound = (what = 'Resource') => new ApiError(404, 'not_found', `${what} not found`);
export const payloadTooLarge = (limit: number) => new ApiError(413, 'payload_too_large', `The body must be at most ${limit} bytes`);
export const unsupportedMediaType = () => new ApiError(415, 'unsupported_media_type', 'The body must be application/json');
export const tooManyRequests = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new ApiError(429, 'rate_limited', 'Too many requests', undefined, { 'Retry-After': String(retryAfterSeconds), ...headers });
export const serviceUnavailable = (cause: unknown) =>
  new ApiError(503, 'service_unavailable', 'The service is briefly unavailable; retry later', undefined, { 'Retry-After': '2' }, { cause });

/** Turns valibot issues into the API's `issues` list (`events.3.depth: must be 25, 50, 75 or 100`). */
export function issuesFromValibot(issues: readonly v.BaseIssue<unknown>[]): ErrorIssue[] {
  return issues.slice(0, 20).map((issue) => ({
    path: (issue.path ?? []).map((p) => String(p.key)).join('.') || '(body)',
    message: issue.message,
  }));
}
