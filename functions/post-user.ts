import { invitationMail } from './domain/accounts/invitation-mail';
import { createInvitation } from './domain/accounts/invitations';
import { assertMayChange } from './domain/accounts/team';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { log } from './lib/log';
import { sendMail } from './lib/mailer';
import * as routeTable from './route-table';

/** `POST /v1/users`: invites a person with a role; the link is single-use and expires. */
export const handler = apiHandler(routeTable.inviteUser, async ({ body, caller: { tenant, actor, actorRole } }) => {
  await assertMayChange(tenant.tenantId, actorRole, undefined, body.role);
  const { userId, inviteUrl } = await createInvitation(tenant.tenantId, { email: body.email, role: body.role, invitedBy: actor });
  await recordAudit(tenant.tenantId, { action: 'user.invited', actor, subject: 'user', details: { userId, role: body.role, actorRole } });
  // The link is in the answer too, so a mail that cannot be sent does not lose the invitation.
  await sendMail({ to: body.email, ...invitationMail({ tenantName: tenant.name, inviteUrl, role: body.role }) }).catch((error: unknown) =>
    log.warn('invitation mail not sent', { error }),
  );
  return { userId, inviteUrl };
});
