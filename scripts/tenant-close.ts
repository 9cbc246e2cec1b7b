import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { closeTenant, tenantItems } from '../functions/domain/closure';
import { countByKind } from '../functions/domain/footprint';
import { archiveStream } from '../functions/domain/exports/archive';
import { getTenant } from '../functions/domain/tenants';
import { withLocalTable } from './local-table';

/**
 * `npm run tenant -- close TENANT_ID [--export FILE] [--yes]`: offers the
 * final full export (written to FILE), then deletes every item of the tenant
 * once confirmed with --yes, printing the closure receipt.
 */
export async function closeTenantCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean' }, export: { type: 'string' } } });
  const tenantId = positionals[0];
  if (!tenantId) throw new Error('Usage: npm run tenant -- close TENANT_ID [--export FILE] [--yes]');
  await withLocalTable(async () => {
    const tenant = await getTenant(tenantId);
    if (!tenant) throw new Error(`No open tenant ${tenantId}`);
    if (values.export) {
      await pipeline(
        archiveStream(tenant, async () => undefined),
        createWriteStream(values.export),
      );
      process.stderr.write(`Final export written to ${values.export}\n`);
    }
    if (!values.yes) {
      const counts = countByKind(await tenantItems(tenantId));
      process.stderr.write(
        `Closing ${tenant.name} (${tenantId}) deletes ${JSON.stringify(counts)}.\n` +
          `Save the final export first with --export FILE (or GET /v1/export), then confirm with --yes.\n`,
      );
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`${JSON.stringify(await closeTenant(tenantId))}\n`);
  });
}
