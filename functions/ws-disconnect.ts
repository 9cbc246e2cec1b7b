import middy from '@middy/core';
import type { SocketEvent, SocketResult } from './http/socket-event';

/**
 * `$disconnect`: nothing to do. A closed socket's record expires with TTL,
 * and the first push that meets it (410 Gone) deletes it.
 */
export const handler = middy<SocketEvent, SocketResult>().handler(async () => ({ statusCode: 200 }));
