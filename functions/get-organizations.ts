import { OrganizationRowSchema } from '../shared/schemas/exports';
import { recordAudit } from './domain/audit';
import { toCells } from './domain/exports/cells';
import { listQuery } from './domain/exports/listing';
import { OrganizationFold, leadRow } from './domain/exports/rows';
import { partitionsOf, readPartitions, WHOLE_RANGE } from './domain/exports/sources';
import { apiHandler } from './http/api-handler';
import { fileResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

const columns = Object.keys(OrganizationRowSchema.entries) as (keyof typeof OrganizationRowSchema.entries)[];

/**
 * `GET /v1/organizations`: organisation profiles folded from the leads in
 * range (company, work email domain, lead count, first and last seen).
 */
export const handler = apiHandler(routeTable.organizations, async ({ query: input, caller: { tenant, actor }, event }) => {
  const query = listQuery(input, header(event, 'accept'));
  const fold = new OrganizationFold();
  for await (const { item } of readPartitions(partitionsOf('leads', tenant, query, new Date()), undefined, WHOLE_RANGE)) fold.add(leadRow(item));
  const organizations = fold.result();
  await recordAudit(tenant.tenantId, { action: 'export', actor, subject: 'organizations', details: { format: query.format, rows: organizations.length } });
  if (query.format === 'json') return { data: organizations, nextCursor: null };
  async function* rows() {
    yield organizations.map((org) => toCells(columns, org));
  }
  return fileResponse({ name: 'organizations', format: query.format, columns, rows: rows(), bom: query.bom });
});
