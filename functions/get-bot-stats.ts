import { botStats } from './domain/bot-stats';
import { getBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/bots/{botId}/stats`: shown, started and converted per A/B variant. */
export const handler = apiHandler(routeTable.botStats, async ({ path, caller: { tenant } }) => {
  await getBot(tenant.tenantId, path.botId);
  return { data: await botStats(tenant.tenantId, path.botId) };
});
