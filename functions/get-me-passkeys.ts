import { getPerson } from './domain/accounts/people';
import { listPasskeys } from './domain/accounts/passkeys';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `GET /v1/me/passkeys`: the signed-in person's passkeys. */
export const handler = apiHandler(routeTable.passkeys, async ({ caller: { signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  return { data: listPasskeys(person) };
});
