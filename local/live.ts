import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SocketEvent, SocketResult } from '../functions/http/socket-event';
import { log } from '../functions/lib/log';
import { socketRoutes } from '../functions/routes';

/** API Gateway's WebSocket limits, so the widget's reconnect logic meets them locally too. */
export const LIVE_LIMITS = {
  /** Largest frame (128 KB in AWS). */
  maxPayload: 128 * 1024,
  /** A socket with no traffic closes after this long (10 minutes in AWS). */
  idleMs: Number(process.env.PARLEY_LIVE_IDLE_MS) || 10 * 60 * 1000,
  /** Every socket closes after this long (2 hours in AWS; shorter locally, so reconnecting is exercised daily). */
  maxLifetimeMs: Number(process.env.PARLEY_LIVE_MAX_LIFETIME_MS) || 30 * 60 * 1000,
};

type SocketHandler = (event: SocketEvent, context: object) => Promise<SocketResult>;

/** API Gateway's route selection, `$request.body.type`: a frame whose `type` names a route goes there, any other to `$default`. */
export function routeKeyOf(body: string): string {
  try {
    const type = (JSON.parse(body) as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && !type.startsWith('$') && socketRoutes.some((r) => r.routeKey === type)) return type;
  } catch {
    // not JSON: $default
  }
  return '$default';
}

const handlers = new Map<string, Promise<SocketHandler>>();
function handlerFor(routeKey: string): Promise<SocketHandler> {
  const route = socketRoutes.find((r) => r.routeKey === routeKey) ?? socketRoutes.find((r) => r.routeKey === '$default')!;
  let loaded = handlers.get(route.module);
  if (!loaded) {
    loaded = import(`../functions/${route.module}.ts`).then((m: { handler: SocketHandler }) => m.handler);
    handlers.set(route.module, loaded);
  }
  return loaded;
}

/**
 * The local stand-in for an API Gateway WebSocket API: upgrades on
 * `/v1/live` run the same `$connect`, `$default` and `$disconnect` handlers
 * Lambda runs, and the Management API (`POST /@connections/{id}`,
 * `DELETE /@connections/{id}`) reaches the sockets, 410 for a closed one.
 */
export function attachLiveSockets(server: Server) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_LIMITS.maxPayload });
  const sockets = new Map<string, WebSocket>();

  const event = (
    req: IncomingMessage,
    routeKey: string,
    eventType: SocketEvent['requestContext']['eventType'],
    connectionId: string,
    body?: string,
  ): SocketEvent => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const url = new URL(req.url ?? '/', 'http://local');
    return {
      requestContext: { routeKey, eventType, connectionId, domainName: `127.0.0.1:${port}`, stage: 'local', requestId: randomUUID() },
      queryStringParameters: Object.fromEntries(url.searchParams),
      // As API Gateway: the upgrade request's headers come with $connect only.
      ...(eventType === 'CONNECT' ? { headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])) } : {}),
      ...(body !== undefined ? { body } : {}),
    };
  };
  const run = async (e: SocketEvent) => (await handlerFor(e.requestContext.routeKey))(e, {});

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path !== '/v1/live') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const connectionId = randomBytes(12).toString('base64');
    run(event(req, '$connect', 'CONNECT', connectionId))
      .then((result) => {
        if (result.statusCode !== 200) {
          socket.end(`HTTP/1.1 ${result.statusCode} Refused\r\nConnection: close\r\n\r\n`);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.set(connectionId, ws);
          let idle = setTimeout(() => ws.close(1001, 'idle'), LIVE_LIMITS.idleMs);
          const lifetime = setTimeout(() => ws.close(1001, 'lifetime'), LIVE_LIMITS.maxLifetimeMs);
          const active = () => {
            clearTimeout(idle);
            idle = setTimeout(() => ws.close(1001, 'idle'), LIVE_LIMITS.idleMs);
          };
          ws.on('message', (data) => {
            active();
            const body = data.toString();
            void run(event(req, routeKeyOf(body), 'MESSAGE', connectionId, body)).catch((error: unknown) => log.warn('live frame failed', { error }));
          });
          ws.on('close', () => {
            clearTimeout(idle);
            clearTimeout(lifetime);
            sockets.delete(connectionId);
            void run(event(req, '$disconnect', 'DISCONNECT', connectionId)).catch((error: unknown) => log.warn('live disconnect failed', { error }));
          });
        });
      })
      .catch((error: unknown) => {
        log.error('live connect failed', { error });
        socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n');
      });
  });

  /** The Management API; true when the request was one of its calls. */
  const manage = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    const match = /^\/@connections\/([^/]+)$/.exec(pathname);
    if (!match) return false;
    const ws = sockets.get(decodeURIComponent(match[1]!));
    if (!ws || ws.readyState !== ws.OPEN) {
      res.writeHead(410, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Gone' }));
      return true;
    }
    if (req.method === 'DELETE') {
      ws.close(1000);
      res.writeHead(204).end();
      return true;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const data = Buffer.concat(chunks);
      if (data.length > LIVE_LIMITS.maxPayload) {
        res.writeHead(413).end();
        return;
      }
      ws.send(data.toString('utf8'));
      res.writeHead(200).end();
    });
    return true;
  };

  return {
    manage,
    /** Stops taking sockets and drops the open ones, as a stopped API would. */
    close: () => {
      for (const ws of sockets.values()) ws.terminate();
      wss.close();
    },
  };
}
