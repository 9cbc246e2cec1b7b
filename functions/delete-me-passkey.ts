import { getPerson } from './domain/accounts/people';
import { removePasskey } from './domain/accounts/passkeys';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `DELETE /v1/me/passkeys/{id}`: removes one of the signed-in person's passkeys. */
export const handler = apiHandler(routeTable.removePasskey, async ({ path, caller: { signedIn } }) => {
  const person = await getPerson(signedIn.email);
  if (!person) throw notFound('Account');
  await removePasskey(person, path.id);
  return undefined;
});
