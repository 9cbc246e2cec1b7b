import middy from '@middy/core';
import { drainOutbox, runDueDeliveries } from './domain/webhooks/worker';

/**
 * Scheduled every minute (EventBridge): attempts the deliveries that are
 * due, and fans out outbox events older than a minute that the stream did
 * not take (a failed batch, the dead-letter queue).
 */
export const handler = middy().handler(async () => {
  const fannedOut = await drainOutbox({ olderThanMs: 60_000, limit: 500 });
  const attempted = await runDueDeliveries({ limit: 500 });
  return { fannedOut, attempted };
});
