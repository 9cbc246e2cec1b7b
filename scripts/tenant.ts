import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { LeadFieldSchemas } from '../shared/schemas/lead-fields';
import { OriginSchema } from '../shared/schemas/primitives';
import { invitationMail } from '../functions/domain/accounts/invitation-mail';
import { createInvitation } from '../functions/domain/accounts/invitations';
import { createTenant } from '../functions/domain/tenants';
import { sendMail } from '../functions/lib/mailer';
import { SMTP_URL_FILE } from '../local/stack';
import { withLocalTable } from './local-table';

const USAGE = `Usage:
  npm run tenant -- create --name NAME [--origin https://site.example]... [--owner EMAIL]
  npm run tenant -- close TENANT_ID`;

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, owner: { type: 'string' } },
    });
    const name = values.name?.trim();
    if (!name) throw new Error(`--name is required\n${USAGE}`);
    const origins = (values.origin ?? []).map((o) => v.parse(OriginSchema, o));
    // Checked before anything is written: a typo must not leave a tenant without its owner.
    const owner = values.owner === undefined ? undefined : v.safeParse(LeadFieldSchemas.email, values.owner);
    if (owner && !owner.success) throw new Error(`--owner must be an email address\n${USAGE}`);
    const created = await withLocalTable(async () => {
      const tenant = await createTenant({ name, origins });
      if (!owner) return tenant;
      const { inviteUrl } = await createInvitation(tenant.tenantId, { email: owner.output, role: 'owner', invitedBy: 'cli' });
      return { ...tenant, ownerInviteUrl: inviteUrl };
    });
    process.stdout.write(`${JSON.stringify(created)}\n`);
    if (owner && 'ownerInviteUrl' in created) await mailOwnerInvitation(owner.output, name, created.ownerInviteUrl);
    return;
  }
  if (command === 'close') {
    const { closeTenantCommand } = await import('./tenant-close');
    await closeTenantCommand(rest);
    return;
  }
  throw new Error(USAGE);
}

/**
 * Mails the owner's invitation when there is a way to: PARLEY_SMTP_URL, or
 * the catcher of a running `npm start` (then it shows on its /dev/mail). The
 * tenant exists either way, so a failure only warns: the link is in the JSON.
 */
async function mailOwnerInvitation(to: string, tenantName: string, inviteUrl: string): Promise<void> {
  const smtpUrl = process.env.PARLEY_SMTP_URL || runningSmtpUrl();
  if (!smtpUrl) {
    process.stderr.write('No invitation mail sent (PARLEY_SMTP_URL is not set and npm start is not running): hand ownerInviteUrl to the owner.\n');
    return;
  }
  process.env.PARLEY_SMTP_URL = smtpUrl;
  try {
    await sendMail({ to, ...invitationMail({ tenantName, inviteUrl, role: 'owner' }) });
  } catch (error) {
    process.stderr.write(
      `Warning: the invitation mail was not sent (${error instanceof Error ? error.message : String(error)}); hand ownerInviteUrl to the owner.\n`,
    );
  }
}

/** The SMTP URL of the mail catcher a running `npm start` noted, if any. */
function runningSmtpUrl(): string | undefined {
  const file = resolve(SMTP_URL_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
