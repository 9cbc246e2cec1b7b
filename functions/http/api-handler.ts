import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, StreamifyHandler } from 'aws-lambda';
import type * as v from 'valibot';
import {
  type HttpEvent,
  type HttpResult,
  type StreamResult,
  bodyLimit,
  baseStack,
  json,
  jsonBodyParser,
  noContent,
  parseInput,
  MAX_BODY_BYTES,
} from '../lib/http';
import { actingAs } from '../domain/audit';
import type { Route } from '../routes';
import { type Caller, type CallerContext, customerCaller, participantCaller, sessionCaller, siteCaller, visitorCaller } from './callers';

type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

type Parsed<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;
type CallerFor<A extends Route['auth']> = A extends 'participant' ? Extract<Caller, { kind: 'visitor' | 'apiKey' }> : Extract<Caller, { kind: A }>;

/** What a handler receives: the validated input and the caller its route's `auth` established. */
export interface RouteRequest<R extends Route> {
  path: Parsed<NonNullable<R['input']>['path']>;
  query: Parsed<NonNullable<R['input']>['query']>;
  body: Parsed<NonNullable<R['input']>['body']>;
  caller: CallerFor<R['auth']>;
  event: HttpEvent;
  context: Context;
}

/** A handler answers a full result, a streamed one, or just the JSON body (sent with the route's status). */
type Answer = HttpResult | StreamResult | object | undefined;

/** Validates path, query and body with the route's schemas (400 with the issues). */
const validateInput = (route: Route): Middleware => ({
  before: (request) => {
    const { path, query, body } = route.input ?? {};
    const context = request.context as CallerContext;
    context.input = {
      path: path ? parseInput(path, request.event.pathParameters ?? {}, 'path') : undefined,
      query: query ? parseInput(query, request.event.queryStringParameters ?? {}, 'query') : undefined,
      body: body ? parseInput(body, request.event.body) : undefined,
    };
  },
});

/**
 * The middleware stack of a route, built from its entry in the route table:
 * shared HTTP handling, the caller check its `auth` names, body limit and
 * parsing, and validation. A site key is part of the input, so site routes
 * validate first; keys and tokens are checked before the body is even
 * parsed, so an anonymous caller learns nothing about the body rules.
 */
function stackOf(route: Route): Middleware[] {
  const body = route.input?.body ? [bodyLimit(route.maxBodyBytes ?? MAX_BODY_BYTES), jsonBodyParser()] : [];
  const validate = validateInput(route);
  switch (route.auth) {
    case 'site':
      return [...baseStack(), ...body, validate, siteCaller()];
    case 'visitor':
      return [...baseStack(), visitorCaller(), ...body, validate];
    case 'apiKey':
      return [...baseStack(), customerCaller(route.permission ?? 'read'), ...body, validate];
    case 'participant':
      return [...baseStack(), participantCaller(route.permission ?? 'write'), ...body, validate];
    case 'session':
      return [...baseStack(), sessionCaller(route.csrf !== false), ...body, validate];
    default:
      return [...baseStack(), ...body, validate];
  }
}

function answer(route: Route, result: Answer): HttpResult | StreamResult {
  if (result === undefined) return noContent();
  if (typeof result === 'object' && 'statusCode' in result) return result as HttpResult | StreamResult;
  return json(route.status, result);
}

/**
 * A streamed route's handler: Lambda must find it marked as streaming at
 * init, but middy's streaming mode loads Node's web streams, a few
 * milliseconds of a cold start that buffered routes never need, so this
 * module does not import it; it is loaded on the first request.
 */
function streamed(stack: Middleware[], run: (event: HttpEvent, context: Context) => Promise<HttpResult | StreamResult>): StreamifyHandler<HttpEvent, void> {
  let handler: Promise<StreamifyHandler<HttpEvent, void>> | undefined;
  return awslambda.streamifyResponse<HttpEvent, void>(async (event, responseStream, context) => {
    handler ??= import('@middy/core/StreamifyResponse').then(
      ({ executionModeStreamifyResponse }) =>
        middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse }).use(stack).handler(run) as unknown as StreamifyHandler<
          HttpEvent,
          void
        >,
    );
    return (await handler)(event, responseStream, context);
  });
}

/** A Lambda handler for `route`, with its whole middleware stack derived from the route table. */
export function apiHandler<const R extends Route>(route: R, handle: (request: RouteRequest<R>) => Promise<Answer>) {
  const run = async (event: HttpEvent, context: Context) => {
    const { input, caller } = context as CallerContext;
    const request = { path: input?.path, query: input?.query, body: input?.body, caller: caller ?? { kind: 'none' }, event, context } as RouteRequest<R>;
    const caller_ = request.caller as Caller;
    // Every audit entry the handler records names the role or key scopes it acted with.
    const role = caller_.kind === 'apiKey' ? caller_.actorRole : caller_.kind === 'session' ? caller_.signedIn.role : undefined;
    return answer(route, role ? await actingAs(role, () => handle(request)) : await handle(request));
  };
  const stack = stackOf(route);
  if (route.stream) return streamed(stack, run);
  return middy<HttpEvent, HttpResult>()
    .use(stack)
    .handler(run as (event: HttpEvent, context: Context) => Promise<HttpResult>);
}
