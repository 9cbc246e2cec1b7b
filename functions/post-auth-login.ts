import { maskIpToNetwork } from '../shared/ip';
import { checkPassword } from './domain/accounts/login';
import { startSecondFactor } from './domain/accounts/totp';
import { signIn } from './domain/accounts/sign-in';
import { apiHandler } from './http/api-handler';
import { signedInResponse } from './http/session-cookie';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `POST /v1/auth/login`: email and password; then the second factor when it is on. */
export const handler = apiHandler(routeTable.login, async ({ body, event }) => {
  // Throttled per account and per client network (masked: the address itself is never kept).
  const network = maskIpToNetwork(event.requestContext?.http?.sourceIp) ?? 'unknown';
  const person = await checkPassword(body.email, body.password, network);
  const methods = [...(person.totp ? ['totp'] : []), ...(Object.keys(person.passkeys ?? {}).length > 0 ? ['passkey'] : [])];
  if (methods.length > 0) return json(200, { mfaRequired: true, challenge: await startSecondFactor(person), methods }, { 'Cache-Control': 'no-store' });
  return signedInResponse(event, await signIn(person));
});
