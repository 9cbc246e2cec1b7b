import middy from '@middy/core';
import { runDueReplyMails } from './domain/offline-reply';
import { drainOutbox, runDueDeliveries } from './domain/webhooks/worker';

/**
 * Scheduled every minute (EventBridge): attempts the webhook deliveries and
 * sends the reply mails to away visitors that are due, and fans out outbox
 * events older than a minute that the stream did not take (a failed batch,
 * the dead-letter queue).
 */
export const handler = middy().handler(async () => {
  const fannedOut = await drainOutbox({ olderThanMs: 60_000, limit: 500 });
  const attempted = await runDueDeliveries({ limit: 500 });
  const replyMails = await runDueReplyMails({ limit: 500 });
  return { fannedOut, attempted, replyMails };
});
