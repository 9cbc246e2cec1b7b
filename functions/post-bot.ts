import { recordAudit } from './domain/audit';
import { createBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/bots`: a new bot, as a draft. */
export const handler = apiHandler(routeTable.createBot, async ({ body, caller: { tenant, actor } }) => {
  const bot = await createBot(tenant.tenantId, body);
  await recordAudit(tenant.tenantId, { action: 'bot.create', actor, subject: 'bot', details: { botId: bot.botId } });
  return bot;
});
