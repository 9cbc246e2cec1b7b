import middy from '@middy/core';
import { purgeExpired } from './domain/retention';

/** Scheduled (EventBridge): deletes everything past each tenant's retention. */
export const handler = middy().handler(async () => {
  const { scanned, deleted } = await purgeExpired(new Date());
  return { scanned, deleted };
});
