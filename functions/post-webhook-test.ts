import { sendTestEvent } from './domain/webhooks/test-event';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/webhooks/{id}/test`: one signed `webhook.test` delivery now, logged like the others. */
export const handler = apiHandler(routeTable.testWebhook, async ({ path, caller: { tenant } }) => sendTestEvent(tenant.tenantId, path.id));
