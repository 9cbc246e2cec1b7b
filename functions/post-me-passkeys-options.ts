import { getPerson } from './domain/accounts/people';
import { registrationOptions } from './domain/accounts/passkeys';
import { apiHandler } from './http/api-handler';
import { rpIdOf } from './http/webauthn';
import { notFound } from './lib/errors';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `POST /v1/me/passkeys/options`: what the browser needs to create a passkey for the signed-in person. */
export const handler = apiHandler(routeTable.passkeyOptions, async ({ event, caller: { signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  return json(200, await registrationOptions(person, { rpID: rpIdOf(event) }), { 'Cache-Control': 'no-store' });
});
