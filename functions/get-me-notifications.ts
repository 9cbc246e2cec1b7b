import { getPrefs } from './domain/notifications/prefs';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/me/notifications`: what the signed-in person is mailed about. */
export const handler = apiHandler(routeTable.notificationPrefs, async ({ caller: { signedIn } }) =>
  getPrefs(signedIn.tenant.tenantId, signedIn.userId, signedIn.role),
);
