import { recordAudit } from './domain/audit';
import { publishBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/bots/{botId}/publish`: the draft, checked, becomes the next immutable version and runs. */
export const handler = apiHandler(routeTable.publishBot, async ({ path, caller: { tenant, actor } }) => {
  const bot = await publishBot(tenant.tenantId, path.botId, actor);
  await recordAudit(tenant.tenantId, { action: 'bot.publish', actor, subject: 'bot', details: { botId: bot.botId, version: bot.latestVersion } });
  return bot;
});
