import { acceptInvitation } from './domain/accounts/invitations';
import { hashPassword } from './domain/accounts/passwords';
import { signIn } from './domain/accounts/sign-in';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { signedInResponse } from './http/session-cookie';
import * as routeTable from './route-table';

/** `POST /v1/auth/accept`: an invited person sets a password and is signed in. */
export const handler = apiHandler(routeTable.acceptInvitation, async ({ body, event }) => {
  const { tenantId, person, role } = await acceptInvitation(body.token, { passwordHash: await hashPassword(body.password), name: body.name });
  await recordAudit(tenantId, { action: 'user.joined', actor: `user:${person.userId}`, actorRole: role, details: { role } });
  return signedInResponse(event, await signIn(person, { tenantId }));
});
