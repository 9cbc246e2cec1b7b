import { apiHandler } from './http/api-handler';
import { json } from './lib/http';
import { routeTable } from './routes';

/** `GET /v1/widget/config?site=KEY`: what the widget needs to render. */
export const handler = apiHandler(routeTable.widgetConfig, async ({ caller: { tenant } }) => {
  const { consentMode, locale, theme, bot } = tenant.settings;
  // Revalidated on every load, so a settings change shows at once.
  return json(200, { name: tenant.name, consentMode, locale, theme, bot }, { 'Cache-Control': 'no-cache' });
});
