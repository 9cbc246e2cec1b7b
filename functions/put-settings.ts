import middy from '@middy/core';
import { SettingsSchema } from '../shared/schemas/settings';
import { recordAudit } from './domain/audit';
import { mergeSettings } from './domain/settings';
import { saveSettings } from './domain/tenants';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, json, parseInput } from './lib/http';

/** `PUT /v1/settings`: changes any of the tenant's settings; the result is validated whole. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi({ body: true }))
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const settings = parseInput(SettingsSchema, mergeSettings(tenant.settings, event.body));
    await saveSettings(tenant.tenantId, settings);
    await recordAudit(tenant.tenantId, {
      action: 'settings.update',
      actor: `key:${keyId}`,
      details: { retentionDays: settings.retentionDays, ipv4Prefix: settings.ipv4Prefix, consentMode: settings.consentMode },
    });
    return json(200, { tenantId: tenant.tenantId, name: tenant.name, siteKey: tenant.siteKey, settings });
  });
