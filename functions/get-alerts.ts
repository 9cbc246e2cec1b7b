import { getAlertRules } from './domain/notifications/alerts';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/alerts`: the team's threshold alerts. */
export const handler = apiHandler(routeTable.alertRules, async ({ caller: { tenant } }) => getAlertRules(tenant.tenantId));
