import { getPerson } from './domain/accounts/people';
import { csrfTokenFor } from './domain/accounts/sessions';
import { apiHandler } from './http/api-handler';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `GET /v1/me`: who is signed in, in which team and role, and the CSRF token their changes carry. */
export const handler = apiHandler(routeTable.me, async ({ caller: { signedIn } }) =>
  json(
    200,
    {
      user: { id: signedIn.userId, email: signedIn.email, name: signedIn.name },
      tenantId: signedIn.tenant.tenantId,
      tenantName: signedIn.tenant.name,
      role: signedIn.role,
      csrfToken: csrfTokenFor(signedIn.tenant.tenantId, signedIn.sessionHash),
      mfa: Boolean((await getPerson(signedIn.email))?.totp),
    },
    { 'Cache-Control': 'no-store' },
  ),
);
