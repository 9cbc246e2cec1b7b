import { finishWithPasskey } from './domain/accounts/passkeys';
import { signIn } from './domain/accounts/sign-in';
import { apiHandler } from './http/api-handler';
import { signedInResponse } from './http/session-cookie';
import { relyingParty } from './http/webauthn';
import * as routeTable from './route-table';

/** `POST /v1/auth/passkey`: the challenge of a sign-in and the passkey's signature. */
export const handler = apiHandler(routeTable.passkeySignIn, async ({ body, event }) =>
  signedInResponse(event, await signIn(await finishWithPasskey(body.challenge, body.response, relyingParty(event)), { mfa: true })),
);
