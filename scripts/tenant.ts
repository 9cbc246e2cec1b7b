import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { OriginSchema } from '../shared/schemas/primitives';
import { createTenant } from '../functions/domain/tenants';
import { withLocalTable } from './local-table';

const USAGE = `Usage:
  npm run tenant -- create --name NAME [--origin https://site.example]...
  npm run tenant -- close TENANT_ID`;

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } } });
    if (!values.name?.trim()) throw new Error(`--name is required\n${USAGE}`);
    const origins = (values.origin ?? []).map((o) => v.parse(OriginSchema, o));
    const created = await withLocalTable(() => createTenant({ name: values.name!.trim(), origins }));
    process.stdout.write(`${JSON.stringify(created)}\n`);
    return;
  }
  if (command === 'close') {
    const { closeTenantCommand } = await import('./tenant-close');
    await closeTenantCommand(rest);
    return;
  }
  throw new Error(USAGE);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
