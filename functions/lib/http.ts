import type { MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Readable } from 'node:stream';
import * as v from 'valibot';
import { toServiceError } from './dynamo';
import { ApiError, badRequest, issuesFromValibot, payloadTooLarge, unsupportedMediaType } from './errors';
import { log, setRequestId } from './log';
import { loadMasterKeys } from './master-keys';
import { admitFromEdge } from './edge';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyResultV2;
/** A response whose body streams (Lambda response streaming). */
export type StreamResult = Omit<APIGatewayProxyStructuredResultV2, 'body'> & { body: Readable };
type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

/** Bytes a widget-facing body may have (SPEC: 64 KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

const INTERNAL_BODY = JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on our side' } });

/**
 * Shapes every failure once: ApiErrors keep their status and code, middy's own
 * HTTP errors are mapped to SPEC codes, DynamoDB outages become 503, and
 * everything else becomes a bare 500 (logged without personal data).
 */
const errorShape = (): Middleware => ({
  onError: (request) => {
    const raw = toServiceError(request.error);
    let error: ApiError | undefined = raw instanceof ApiError ? raw : undefined;
    if (!error && raw instanceof Error && 'statusCode' in raw && typeof raw.statusCode === 'number' && raw.statusCode < 500) {
      error =
        raw.statusCode === 415
          ? unsupportedMediaType()
          : raw.statusCode === 422
            ? new ApiError(400, 'invalid_json', 'The body is not valid JSON')
            : new ApiError(raw.statusCode, snake(raw.name.replace(/Error$/, '')), raw.message);
    }
    if (!error) {
      log.error('unhandled error', { error: raw, path: request.event?.rawPath });
      request.error = Object.assign(new Error('internal'), { statusCode: 500, expose: true, message: INTERNAL_BODY });
      return;
    }
    if (error.statusCode >= 500) log.warn('service unavailable', { code: error.code, cause: error.cause, path: request.event?.rawPath });
    request.error = Object.assign(new Error(error.code), {
      statusCode: error.statusCode,
      expose: true,
      message: error.toBody(),
      headers: error.headers,
    });
  },
});

const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() || 'error';

/** Refuses bodies over `limit` bytes with 413 before anything parses them. */
export const bodyLimit = (limit: number): Middleware => ({
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    if (body && Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8') > limit) throw payloadTooLarge(limit);
  },
});

/**
 * The middlewares every route shares, in order: normalise the event, add
 * security and CORS headers (also to errors), shape errors.
 */
export function baseStack(): Middleware[] {
  return [
    requestIdInLogs(),
    httpEventNormalizer() as Middleware,
    httpHeaderNormalizer() as Middleware,
    // The API is called cross-origin by design (widget on customers' sites).
    httpSecurityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } }) as Middleware,
    httpCors({
      // The origin was checked against the tenant's list before any answer is
      // sent; a refused origin is removed from the event so CORS ignores it.
      getOrigin: (incoming: string | undefined) => incoming ?? null,
      headers: 'Content-Type, Authorization, X-Parley-Visitor, X-Parley-CSRF',
      methods: 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      exposeHeaders: 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Content-Disposition',
      maxAge: 600,
      vary: 'Origin',
    }) as Middleware,
    httpErrorHandler({ logger: false, fallbackMessage: INTERNAL_BODY }) as Middleware,
    errorShape(),
    { before: () => loadMasterKeys() },
    { before: (request) => admitFromEdge(request.event) },
  ];
}

/** Names the request in every log line: API Gateway's request id, else the Lambda invocation's. */
const requestIdInLogs = (): Middleware => ({
  before: (request) => setRequestId(request.event.requestContext?.requestId ?? request.context.awsRequestId),
  after: () => setRequestId(undefined),
  onError: () => setRequestId(undefined),
});

/** Parses a JSON body (415 for another type, 400 for broken JSON). */
export const jsonBodyParser = (): Middleware => httpJsonBodyParser() as Middleware;

/** Validates `input` with a valibot schema; failures become 400 with the issues. */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown, what = 'body'): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw badRequest(`The ${what} is invalid`, issuesFromValibot(result.issues));
  return result.output;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function noContent(): HttpResult {
  return { statusCode: 204, headers: {}, body: '' };
}

export function header(event: HttpEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()] ?? undefined;
}
