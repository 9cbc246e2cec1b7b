import { recordAudit } from './domain/audit';
import { rollbackBot } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/bots/{botId}/rollback` `{ version }`: runs an earlier published version again. */
export const handler = apiHandler(routeTable.rollbackBot, async ({ path, body, caller: { tenant, actor } }) => {
  const bot = await rollbackBot(tenant.tenantId, path.botId, body.version);
  await recordAudit(tenant.tenantId, { action: 'bot.rollback', actor, subject: 'bot', details: { botId: bot.botId, version: body.version } });
  return bot;
});
