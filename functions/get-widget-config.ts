import { readableOn } from '../shared/theme';
import { liveBots } from './domain/bots';
import { apiHandler } from './http/api-handler';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `GET /v1/widget/config?site=KEY`: what the widget needs to render, with the published bots. */
export const handler = apiHandler(routeTable.widgetConfig, async ({ caller: { tenant } }) => {
  const { consentMode, locale, theme, bot } = tenant.settings;
  const bots = await liveBots(tenant);
  // Revalidated on every load, so a settings change shows at once.
  return json(200, { name: tenant.name, consentMode, locale, theme: { ...theme, text: readableOn(theme.color) }, bot, bots }, { 'Cache-Control': 'no-cache' });
});
