import { endSession } from './domain/accounts/sessions';
import { apiHandler } from './http/api-handler';
import { sessionCookie } from './http/callers';
import { clearedSessionCookie } from './http/session-cookie';
import * as routeTable from './route-table';

/** `POST /v1/auth/logout`: the session is deleted, so the cookie stops working wherever it was copied. */
export const handler = apiHandler(routeTable.logout, async ({ event }) => {
  await endSession(sessionCookie(event));
  return { statusCode: 204, headers: {}, body: '', cookies: [clearedSessionCookie(event)] };
});
