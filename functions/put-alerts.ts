import { recordAudit } from './domain/audit';
import { saveAlertRules } from './domain/notifications/alerts';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PUT /v1/alerts`: sets the team's threshold alerts. */
export const handler = apiHandler(routeTable.saveAlertRules, async ({ body, caller: { tenant, actor } }) => {
  const rules = await saveAlertRules(tenant.tenantId, body);
  await recordAudit(tenant.tenantId, { action: 'alerts.changed', actor, subject: 'settings', details: {} });
  return rules;
});
