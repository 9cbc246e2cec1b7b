import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { MAX_BODY_BYTES } from '../functions/lib/http';
import { log, withRequestId } from '../functions/lib/log';
import { startDeliveryWorker } from './delivery-worker';
import { attachLiveSockets } from './live';
import { installLambdaStreamingRuntime, isStreamingHandler, runStreamingHandler } from './lambda-streaming';
import { type Route, matchRoutePath, routes } from '../functions/routes';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 | undefined>;

installLambdaStreamingRuntime();

/**
 * Largest body the local server reads for a customer route; the handler then
 * applies its own limit (64 KiB unless it allows more). Widget routes stop
 * at their 64 KiB at once, since anyone on the internet can send to them.
 */
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface StaticMount {
  /** URL prefix, e.g. `/dashboard`. */
  prefix: string;
  /** Folder served under it; `index.html` for the bare prefix. */
  dir: string;
  /** Served for unknown paths under the prefix (single-page apps). */
  fallback?: string;
}

export interface LocalServerOptions {
  port?: number;
  host?: string;
  /** Take the client address from the first X-Forwarded-For entry. */
  trustProxy?: boolean;
  statics?: StaticMount[];
  /** Extra plain pages, e.g. `/demo`. */
  pages?: Record<string, LocalPage>;
  /** Run the webhook delivery worker while the server listens (default true). */
  deliveryWorker?: boolean;
}

/** A page's answer: HTML, or another type and status (e.g. `/dev/mail.json`). */
export type PageResult = string | { status?: number; contentType: string; body: string };
export type LocalPage = (req: IncomingMessage) => PageResult;

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

const handlers = new Map<string, Promise<Handler>>();

function loadHandler(route: Route): Promise<Handler> {
  let loaded = handlers.get(route.module);
  if (!loaded) {
    loaded = import(`../functions/${route.module}.ts`).then((m: { handler: Handler }) => m.handler);
    handlers.set(route.module, loaded);
  }
  return loaded;
}

/**
 * Serves the route table the way API Gateway would: every request becomes an
 * HTTP API payload 2.0 event and goes to the very handler Lambda runs.
 */
export function createLocalServer(options: LocalServerOptions = {}): Server {
  // The WebSocket API of the live chat shares the port, as it shares the host in AWS.
  let live: ReturnType<typeof attachLiveSockets> | undefined;
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (live?.manage(req, res, pathname)) return;
    handle(req, res, options).catch((error: unknown) => {
      log.error('local server failure', { error });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on our side' } }));
    });
  });
  // Node closes idle kept-alive connections after 5 s; a client reusing one
  // at that instant gets a reset. Outlive the clients' own idle timeouts
  // instead, as load balancers do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  live = attachLiveSockets(server);
  server.on('close', () => live?.close());
  // Upgraded sockets have left the HTTP server's books: closing every connection closes them too.
  const closeAll = server.closeAllConnections.bind(server);
  server.closeAllConnections = () => {
    live?.close();
    closeAll();
  };
  // The outbox stream and retry job of AWS, polled while the server runs.
  if (options.deliveryWorker !== false) {
    let worker: ReturnType<typeof startDeliveryWorker> | undefined;
    server.on('listening', () => {
      worker ??= startDeliveryWorker();
    });
    server.on('close', () => void worker?.stop());
  }
  return server;
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: LocalServerOptions): Promise<void> {
  // The request target is used as a path only (`//x` must not become a host).
  const url = URL.parse(`http://local/${(req.url ?? '/').replace(/^\/+/, '')}`);
  if (!url) return sendError(res, 400, 'invalid_request', 'The request target is not a valid path');
  const method = (req.method ?? 'GET').toUpperCase();
  if (!decodesCleanly(url.pathname)) return sendError(res, 400, 'invalid_request', 'The path is not valid percent-encoding');
  const matches = routes.map((route) => ({ route, params: matchRoutePath(route.path, url.pathname) })).filter((m) => m.params);
  const match = matches.find((m) => m.route.method === method);
  // A catch-all such as the CORS preflight does not make a path known.
  if (!match && matches.some((m) => !m.route.path.includes('+}'))) return sendError(res, 405, 'method_not_allowed', 'Method not allowed');
  if (match) return invoke(req, res, url, match.route, match.params ?? {}, options);
  if (method === 'GET' || method === 'HEAD') {
    const page = options.pages?.[url.pathname];
    if (page) {
      const result = page(req);
      const answer: Exclude<PageResult, string> = typeof result === 'string' ? { contentType: MIME['.html']!, body: result } : result;
      res.writeHead(answer.status ?? 200, { 'Content-Type': answer.contentType, 'Cache-Control': 'no-store' });
      return void res.end(answer.body);
    }
    for (const mount of options.statics ?? []) {
      if (serveStatic(res, mount, url.pathname)) return;
    }
  }
  // What no route, page or file serves goes to the `ANY` route, as in API Gateway.
  const fallback = matches.find((m) => m.route.method === 'ANY');
  if (fallback) return invoke(req, res, url, fallback.route, fallback.params ?? {}, options);
  sendError(res, 404, 'not_found', 'Not found');
}

/** Runs the route's handler as Lambda would, on an API Gateway payload 2.0 event. */
async function invoke(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: Route,
  params: Record<string, string>,
  options: LocalServerOptions,
): Promise<void> {
  const limit = route.auth === 'apiKey' || route.auth === 'session' ? MAX_REQUEST_BYTES : MAX_BODY_BYTES;
  const body = await readBody(req, limit);
  if (body === undefined) return refuseTooLarge(res, limit);
  const event = toEvent(req, url, route, params, body, options.trustProxy ?? false);
  const handler = await loadHandler(route);
  return withRequestId(event.requestContext.requestId, async () => {
    if (isStreamingHandler(handler)) return runStreamingHandler(handler, event, lambdaContext(route), res);
    return sendResult(res, await handler(event, lambdaContext(route)));
  });
}

function decodesCleanly(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function serveStatic(res: ServerResponse, mount: StaticMount, pathname: string): boolean {
  if (pathname !== mount.prefix && !pathname.startsWith(mount.prefix === '/' ? '/' : `${mount.prefix}/`)) return false;
  const rest = pathname.slice(mount.prefix === '/' ? 0 : mount.prefix.length).replace(/^\/+/, '') || 'index.html';
  let file = normalize(join(mount.dir, rest));
  if (!file.startsWith(normalize(mount.dir))) return false;
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (!mount.fallback) return false;
    file = join(mount.dir, mount.fallback);
    if (!existsSync(file)) return false;
  }
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(res);
  return true;
}

/** The body, or undefined as soon as it is known to pass `limit` (by Content-Length or by what has arrived). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', reject);
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

/** 413 without reading the rest; the connection closes, since what is left of the body would be read as the next request. */
function refuseTooLarge(res: ServerResponse, limit: number): void {
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
  res.end(JSON.stringify({ error: { code: 'payload_too_large', message: `The body must be at most ${limit} bytes` } }));
  res.once('finish', () => res.req.socket.destroySoon());
}

const TEXTUAL = /^(application\/(json|.*\+json|x-www-form-urlencoded|xml)|text\/)/i;

function toEvent(req: IncomingMessage, url: URL, route: Route, params: Record<string, string>, body: Buffer, trustProxy: boolean): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const forwarded = trustProxy ? headers['x-forwarded-for']?.split(',')[0]?.trim() : undefined;
  const sourceIp = forwarded || (req.socket.remoteAddress ?? '');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const textual = body.length === 0 || TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim());
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: (req.method ?? route.method).toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  };
}

function lambdaContext(route: Route): Context {
  const name = `parley-${route.module}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2 | undefined): void {
  if (result === undefined || typeof result === 'string' || typeof result !== 'object' || !('statusCode' in result || 'body' in result)) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(structured.headers ?? {})) headers[k] = String(v);
  if (structured.cookies?.length) headers['Set-Cookie'] = structured.cookies;
  res.writeHead(structured.statusCode ?? 200, headers);
  const body = structured.body ?? '';
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}
