import { countBot } from './domain/bot-stats';
import { getBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/bots/shown`: the widget showed a bot; counted per variant of a bot that exists, no visitor data kept. */
export const handler = apiHandler(routeTable.botShown, async ({ body, caller: { tenant } }) => {
  await getBot(tenant.tenantId, body.botId);
  await countBot(tenant.tenantId, body.botId, body.variant, 'shown');
  return undefined;
});
