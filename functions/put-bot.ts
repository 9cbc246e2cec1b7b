import { saveDraft } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PUT /v1/bots/{botId}`: replaces the draft; the widget keeps running the published version. */
export const handler = apiHandler(routeTable.saveBot, async ({ path, body, caller: { tenant } }) => saveDraft(tenant.tenantId, path.botId, body));
