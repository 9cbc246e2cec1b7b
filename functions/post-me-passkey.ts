import { getPerson } from './domain/accounts/people';
import { addPasskey, listPasskeys } from './domain/accounts/passkeys';
import { markSessionMfa } from './domain/accounts/sessions';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { relyingParty } from './http/webauthn';
import { notFound } from './lib/errors';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `POST /v1/me/passkeys`: verifies and keeps a new passkey; the first one turns the second factor on. */
export const handler = apiHandler(routeTable.addPasskey, async ({ body, event, caller: { tenant, signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  const { first } = await addPasskey(person, body.response, relyingParty(event), body.name);
  // Creating a passkey proves the authenticator, as a code proves the app.
  await markSessionMfa(tenant.tenantId, signedIn.sessionHash);
  if (first)
    await recordAudit(tenant.tenantId, { action: 'mfa.enabled', actor: `user:${signedIn.userId}`, details: { method: 'passkey', actorRole: signedIn.role } });
  const updated = await getPerson(signedIn.email);
  return json(201, { data: updated ? listPasskeys(updated) : [] }, { 'Cache-Control': 'no-store' });
});
