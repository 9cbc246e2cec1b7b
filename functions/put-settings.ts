import { SettingsSchema } from '../shared/schemas/settings';
import { recordAudit } from './domain/audit';
import { mergeSettings } from './domain/settings';
import { saveSettings } from './domain/tenants';
import { apiHandler } from './http/api-handler';
import { parseInput } from './lib/http';
import * as routeTable from './route-table';

/** `PUT /v1/settings`: changes any of the tenant's settings; the result is validated whole. */
export const handler = apiHandler(routeTable.saveSettings, async ({ body, caller: { tenant, actor } }) => {
  const settings = parseInput(SettingsSchema, mergeSettings(tenant.settings, body));
  await saveSettings(tenant.tenantId, settings);
  await recordAudit(tenant.tenantId, {
    action: 'settings.update',
    actor,
    details: { retentionDays: settings.retentionDays, ipv4Prefix: settings.ipv4Prefix, consentMode: settings.consentMode },
  });
  return { tenantId: tenant.tenantId, name: tenant.name, siteKey: tenant.siteKey, settings };
});
