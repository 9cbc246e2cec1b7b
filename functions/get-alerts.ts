import { getAlertRules } from './domain/notifications/alerts';
import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/** `GET /v1/alerts`: the team's threshold alerts (null: off). */
export const handler = apiHandler(routeTable.alertRules, async ({ caller: { tenant } }) => getAlertRules(tenant.tenantId));
