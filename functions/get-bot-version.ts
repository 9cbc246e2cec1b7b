import { getBotVersion } from './domain/bots';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `GET /v1/bots/{botId}/versions/{version}`: a published version, unchanged since. */
export const handler = apiHandler(routeTable.botVersion, async ({ path, caller: { tenant } }) => {
  const version = await getBotVersion(tenant.tenantId, path.botId, path.version);
  if (!version) throw notFound('Bot version');
  return { botId: path.botId, ...version };
});
