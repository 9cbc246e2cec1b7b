import { savePrefs } from './domain/notifications/prefs';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PUT /v1/me/notifications`: the signed-in person's choices (new lead, daily digest, alerts). */
export const handler = apiHandler(routeTable.saveNotificationPrefs, async ({ body, caller: { signedIn } }) =>
  savePrefs(signedIn.tenant.tenantId, signedIn.userId, body),
);
