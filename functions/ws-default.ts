import middy from '@middy/core';
import type { SocketEvent, SocketResult } from './http/socket-event';

/** `$default`: frames from the widget; the socket only carries news to the visitor, so a ping needs no answer. */
export const handler = middy<SocketEvent, SocketResult>().handler(async () => ({ statusCode: 200 }));
