import middy from '@middy/core';
import { runDaily } from './domain/notifications/digest';

/** Scheduled once a day, after midnight UTC: yesterday's digests and the "fewer than N leads" alerts. */
export const handler = middy().handler(async () => runDaily(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)));
