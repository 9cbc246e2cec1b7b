import { getPerson } from './domain/accounts/people';
import { markSessionMfa } from './domain/accounts/sessions';
import { confirmTotp } from './domain/accounts/totp';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `POST /v1/me/mfa/totp/confirm`: turns the second factor on; answers the recovery codes once. */
export const handler = apiHandler(routeTable.confirmTotp, async ({ body, caller: { tenant, signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  const codes = await confirmTotp(person, body.code);
  // This session has just proven the second factor.
  await markSessionMfa(tenant.tenantId, signedIn.sessionHash);
  await recordAudit(tenant.tenantId, { action: 'mfa.enabled', actor: `user:${signedIn.userId}`, details: { method: 'totp', actorRole: signedIn.role } });
  return json(200, codes, { 'Cache-Control': 'no-store' });
});
