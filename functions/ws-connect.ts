import middy from '@middy/core';
import { roleAllows } from '../shared/permissions';
import { getMember } from './domain/accounts/people';
import { addConnection, agentsOnline, pushToTeam } from './domain/live';
import { readLiveToken } from './domain/live-tokens';
import { getTenant } from './domain/tenants';
import { verifyVisitorToken } from './domain/visitor-tokens';
import { type SocketEvent, type SocketResult, managementEndpoint } from './http/socket-event';
import { admitFromEdge } from './lib/edge';
import { log } from './lib/log';

/**
 * `$connect` of `/v1/live?token=…`: a browser cannot set headers on a
 * WebSocket, so the token comes in the query: the visitor's token, or a
 * person's short-lived token from `POST /v1/live/token`. A refused token
 * refuses the socket (401).
 */
export const handler = middy<SocketEvent, SocketResult>().handler(async (event) => {
  const token = event.queryStringParameters?.token ?? undefined;
  const { connectionId } = event.requestContext;
  try {
    await admitFromEdge(event);
    const person = readLiveToken(token);
    if (person) {
      const tenant = await getTenant(person.tenantId);
      if (!tenant) return { statusCode: 401 };
      // Only a person who may reply counts as someone to answer a visitor (not a viewer, not a key).
      const member = person.actor.startsWith('user:') ? await getMember(tenant.tenantId, person.actor.slice('user:'.length)) : undefined;
      const mayReply = Boolean(member && !member.pending && roleAllows(member.role, 'write'));
      await addConnection(
        { side: 'team', tenantId: tenant.tenantId, actor: person.actor, name: person.name, connectionId, mayReply },
        managementEndpoint(event),
      );
      // The others hear at once that someone came online (the new socket hears it once API Gateway has opened it).
      if (mayReply) await pushToTeam(tenant, { type: 'presence', agentsOnline: await agentsOnline(tenant) }, connectionId);
      return { statusCode: 200 };
    }
    const { tenant, visitorId } = await verifyVisitorToken(token);
    await addConnection({ side: 'visitor', tenantId: tenant.tenantId, visitorId, connectionId }, managementEndpoint(event));
    return { statusCode: 200 };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return { statusCode: status };
    log.error('live connect failed', { error });
    return { statusCode: 500 };
  }
});
