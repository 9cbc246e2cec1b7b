import { getPerson } from './domain/accounts/people';
import { beginTotp } from './domain/accounts/totp';
import { apiHandler } from './http/api-handler';
import { json } from './lib/http';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `POST /v1/me/mfa/totp`: a new authenticator secret for the signed-in person (on once confirmed). */
export const handler = apiHandler(routeTable.beginTotp, async ({ caller: { signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  return json(200, await beginTotp(person), { 'Cache-Control': 'no-store' });
});
