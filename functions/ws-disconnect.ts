import middy from '@middy/core';
import { agentsOnline, pushToTeam, removeConnection } from './domain/live';
import { getTenant } from './domain/tenants';
import type { SocketEvent, SocketResult } from './http/socket-event';

/**
 * `$disconnect`: forgets the socket. When a person's last inbox closes, the
 * others hear how many are still online. (A socket whose close never
 * arrives expires with TTL, or goes at the first push that meets it: 410.)
 */
export const handler = middy<SocketEvent, SocketResult>().handler(async (event) => {
  const owner = await removeConnection(event.requestContext.connectionId);
  if (owner?.side === 'team') {
    const tenant = await getTenant(owner.tenantId);
    if (tenant) await pushToTeam(tenant, { type: 'presence', agentsOnline: await agentsOnline(tenant) });
  }
  return { statusCode: 200 };
});
