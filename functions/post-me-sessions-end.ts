import { endAllSessions } from './domain/accounts/sessions';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { clearedSessionCookie } from './http/session-cookie';
import * as routeTable from './route-table';

/** `POST /v1/me/sessions/end`: sign out everywhere (a lost laptop, a shared computer). */
export const handler = apiHandler(routeTable.endSessions, async ({ event, caller: { tenant, signedIn } }) => {
  await endAllSessions(tenant.tenantId, signedIn.userId);
  await recordAudit(tenant.tenantId, { action: 'sessions.ended', actor: `user:${signedIn.userId}`, details: { actorRole: signedIn.role } });
  return { statusCode: 204, headers: {}, body: '', cookies: [clearedSessionCookie(event)] };
});
