import { finishSecondFactor } from './domain/accounts/totp';
import { signIn } from './domain/accounts/sign-in';
import { apiHandler } from './http/api-handler';
import { signedInResponse } from './http/session-cookie';
import * as routeTable from './route-table';

/** `POST /v1/auth/mfa`: the challenge of a sign-in and a TOTP or recovery code. */
export const handler = apiHandler(routeTable.mfa, async ({ body, event }) =>
  signedInResponse(event, await signIn(await finishSecondFactor(body.challenge, body.code), { mfa: true })),
);
