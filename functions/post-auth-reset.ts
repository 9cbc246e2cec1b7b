import { createPasswordReset } from './domain/accounts/password-reset';
import { resetMail } from './domain/accounts/reset-mail';
import { apiHandler } from './http/api-handler';
import { log } from './lib/log';
import { sendMail } from './lib/mailer';
import * as routeTable from './route-table';

/** `POST /v1/auth/reset`: mails a reset link; the answer never tells whether the email has an account. */
export const handler = apiHandler(routeTable.requestReset, async ({ body }) => {
  const reset = await createPasswordReset(body.email);
  if (reset) {
    await sendMail({ to: reset.person.email, ...resetMail(reset.resetUrl) }).catch((error: unknown) => log.warn('reset mail not sent', { error }));
  }
  return { accepted: true };
});
