import { getBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/bots/{botId}` */
export const handler = apiHandler(routeTable.bot, async ({ path, caller: { tenant } }) => getBot(tenant.tenantId, path.botId));
