import middy from '@middy/core';
import * as v from 'valibot';
import { SiteKeySchema } from '../shared/schemas/primitives';
import type { WidgetConfig } from '../shared/schemas/settings';
import { assertOriginAllowed, tenantForSiteKey } from './domain/tenants';
import { type HttpEvent, type HttpResult, json, parseInput, plainApi } from './lib/http';

const QuerySchema = v.object({ site: SiteKeySchema });

/** `GET /v1/widget/config?site=KEY`: what the widget needs to render. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(plainApi())
  .handler(async (event) => {
    const { site } = parseInput(QuerySchema, event.queryStringParameters ?? {}, 'query');
    const tenant = await tenantForSiteKey(site);
    assertOriginAllowed(tenant, event);
    const { consentMode, locale, theme, bot } = tenant.settings;
    const config: WidgetConfig = { name: tenant.name, consentMode, locale, theme, bot };
    // Revalidated on every load, so a settings change shows at once.
    return json(200, config, { 'Cache-Control': 'no-cache' });
  });
