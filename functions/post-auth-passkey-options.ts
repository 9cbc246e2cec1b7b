import { signInOptions } from './domain/accounts/passkeys';
import { apiHandler } from './http/api-handler';
import { rpIdOf } from './http/webauthn';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `POST /v1/auth/passkey/options`: what the browser needs to sign with one of the person's passkeys. */
export const handler = apiHandler(routeTable.passkeySignInOptions, async ({ body, event }) =>
  json(200, await signInOptions(body.challenge, { rpID: rpIdOf(event) }), { 'Cache-Control': 'no-store' }),
);
