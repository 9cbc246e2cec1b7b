import { Readable } from 'node:stream';
import { EXPORT_SCHEMAS } from '../../../shared/schemas/exports';
import { botsForArchive } from '../bots';
import type { Tenant } from '../tenants';
import { csvText, flatten } from './cells';
import { OrganizationFold, auditRow, conversationRow, eventRow, leadRow } from './rows';
import { type Entity, partitionsOf, readPartitions, WHOLE_RANGE } from './sources';

type Row = Record<string, unknown>;

const columnsOf = (name: keyof typeof EXPORT_SCHEMAS) => Object.keys(EXPORT_SCHEMAS[name].entries);

/**
 * The whole account as one ZIP, for switching provider (EU Data Act): each
 * entity as JSON and CSV, the settings, the bots, the JSON Schemas and a manifest with
 * counts. Streamed entity by entity, page by page: memory holds one page of
 * rows (and one profile per organisation while the leads are read), however
 * large the account.
 */
export function archiveStream(tenant: Tenant, onDone: (counts: Record<string, number>) => Promise<void>): Readable {
  return Readable.from(archiveChunks(tenant, onDone));
}

async function* archiveChunks(tenant: Tenant, onDone: (counts: Record<string, number>) => Promise<void>): AsyncGenerator<Uint8Array> {
  // The writers are loaded when an archive is made, not at the function's cold start: fflate builds its tables as it loads.
  const [{ Zip, ZipDeflate, strToU8 }, { stringify }, { CSV_OPTIONS }, { exportJsonSchemas }] = await Promise.all([
    import('fflate'),
    import('csv-stringify/sync'),
    import('./csv'),
    import('./json-schemas'),
  ]);
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => (error ? (failure = error) : out.push(chunk)));
  const drain = function* () {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  const file = (name: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    return f;
  };
  const whole = (name: string, text: string) => file(name).push(strToU8(text), true);

  const now = new Date();
  const counts: Record<string, number> = {};
  const sources: [string, Entity, keyof typeof EXPORT_SCHEMAS, (item: Row) => Row | Promise<Row>][] = [
    ['leads', 'leads', 'lead', leadRow],
    ['conversations', 'conversations', 'conversation', (item) => conversationRow(tenant, item)],
    ['events', 'events', 'event', eventRow],
    ['audit', 'audit', 'audit', auditRow],
  ];
  const organizations = new OrganizationFold();
  const csvLine = (cells: readonly string[]) => strToU8(stringify([cells], CSV_OPTIONS));
  for (const [name, entity, schema, toRow] of sources) {
    const columns = columnsOf(schema);
    const jsonFile = file(`${name}.json`);
    jsonFile.push(strToU8('['));
    let n = 0;
    for await (const { item } of readPartitions(partitionsOf(entity, tenant, {}, now), undefined, WHOLE_RANGE)) {
      const row = await toRow(item);
      if (name === 'leads') organizations.add(row as ReturnType<typeof leadRow>);
      jsonFile.push(strToU8(`${n ? ',' : ''}\n${JSON.stringify(row)}`));
      n += 1;
      yield* drain();
    }
    jsonFile.push(strToU8('\n]\n'), true);
    counts[name] = n;
    const csvFile = file(`${name}.csv`);
    csvFile.push(csvLine(columns));
    for await (const { item } of readPartitions(partitionsOf(entity, tenant, {}, now), undefined, WHOLE_RANGE)) {
      const row = (await toRow(item)) as Row;
      csvFile.push(csvLine(columns.map((c) => csvText(flatten(c, row[c])))));
      yield* drain();
    }
    csvFile.push(new Uint8Array(0), true);
  }
  const profiles = organizations.result();
  counts.organizations = profiles.length;
  whole('organizations.json', `${JSON.stringify(profiles, null, 1)}\n`);
  const orgColumns = columnsOf('organization');
  whole('organizations.csv', stringify([orgColumns, ...profiles.map((o) => orgColumns.map((c) => csvText(flatten(c, (o as Row)[c]))))], CSV_OPTIONS));
  whole('settings.json', `${JSON.stringify({ tenantId: tenant.tenantId, name: tenant.name, siteKey: tenant.siteKey, settings: tenant.settings }, null, 2)}\n`);
  // The tenant's bots: drafts and every published version.
  whole('bots.json', `${JSON.stringify(await botsForArchive(tenant.tenantId), null, 2)}\n`);
  for (const [name, schema] of Object.entries(exportJsonSchemas())) whole(`schemas/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  whole(
    'manifest.json',
    `${JSON.stringify({ format: 'parley-export', version: 1, tenantId: tenant.tenantId, exportedAt: now.toISOString(), counts, files: Object.keys(counts).flatMap((n) => [`${n}.json`, `${n}.csv`]) }, null, 2)}\n`,
  );
  zip.end();
  yield* drain();
  await onDone(counts);
}
