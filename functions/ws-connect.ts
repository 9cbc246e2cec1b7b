import middy from '@middy/core';
import { addConnection } from './domain/live';
import { verifyVisitorToken } from './domain/visitor-tokens';
import { type SocketEvent, type SocketResult, managementEndpoint } from './http/socket-event';
import { log } from './lib/log';

/**
 * `$connect` of `/v1/live?token=VISITOR_TOKEN`: a browser cannot set headers
 * on a WebSocket, so the visitor token comes in the query. A refused token
 * refuses the socket (401).
 */
export const handler = middy<SocketEvent, SocketResult>().handler(async (event) => {
  try {
    const { tenant, visitorId } = await verifyVisitorToken(event.queryStringParameters?.token ?? undefined);
    await addConnection(tenant, visitorId, event.requestContext.connectionId, managementEndpoint(event));
    return { statusCode: 200 };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return { statusCode: status };
    log.error('live connect failed', { error });
    return { statusCode: 500 };
  }
});
