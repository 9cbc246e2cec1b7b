import middy from '@middy/core';
import * as v from 'valibot';
import { type SocketOwner, countFrame, socketOwner } from '../domain/live';
import { rateLimits, takeRequest } from '../domain/rate-limit';
import { type Tenant, getTenant } from '../domain/tenants';
import { log } from '../lib/log';
import type { SocketEvent, SocketResult } from './socket-event';

/** Frames one socket may send a minute (typing, seen, presence, pings); past it they are dropped. */
export const FRAMES_PER_MINUTE = 120;

/**
 * Builds the handler of a named socket route (API Gateway selects it by the
 * frame's `type`): finds who owns the connection, counts the frame against
 * the connection's send rate, validates the frame with the route's schema,
 * then runs `fn`. A refused frame changes nothing.
 */
export function frameHandler<S extends v.GenericSchema>(schema: S, fn: (frame: v.InferOutput<S>, owner: SocketOwner, tenant: Tenant) => Promise<void>) {
  return middy<SocketEvent, SocketResult>().handler(async (event) => {
    const { connectionId } = event.requestContext;
    const owner = await socketOwner(connectionId);
    const tenant = owner ? await getTenant(owner.tenantId) : undefined;
    if (!owner || !tenant) return { statusCode: 410 };
    if (!(await countFrame(connectionId, FRAMES_PER_MINUTE))) return { statusCode: 429 };
    try {
      // A visitor's frames count against the site's rate too, like its HTTP requests.
      if (owner.side === 'visitor') await takeRequest(tenant.tenantId, 'site', rateLimits.perSite());
    } catch {
      return { statusCode: 429 };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.body ?? '');
    } catch {
      return { statusCode: 400 };
    }
    const frame = v.safeParse(schema, parsed);
    if (!frame.success) return { statusCode: 400 };
    try {
      await fn(frame.output, owner, tenant);
      return { statusCode: 200 };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status < 500) return { statusCode: status };
      log.error('live frame failed', { error });
      return { statusCode: 500 };
    }
  });
}

/** The side of a conversation a socket speaks for. */
export const sideOf = (owner: SocketOwner) =>
  owner.side === 'visitor'
    ? { side: 'visitor' as const, visitorId: owner.visitorId }
    : { side: 'team' as const, actor: owner.actor, name: owner.name, connectionId: owner.connectionId };
