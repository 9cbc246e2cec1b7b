import { hashPassword } from './domain/accounts/passwords';
import { completePasswordReset } from './domain/accounts/password-reset';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/auth/reset/confirm`: the new password; sessions everywhere end, so the person signs in again. */
export const handler = apiHandler(routeTable.confirmReset, async ({ body }) => {
  await completePasswordReset(body.token, await hashPassword(body.password));
  return undefined;
});
