import { AuditRowSchema } from '../shared/schemas/exports';
import { exportListing, listQuery } from './domain/exports/listing';
import { auditRow } from './domain/exports/rows';
import { apiHandler } from './http/api-handler';
import { listingResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

const columns = Object.keys(AuditRowSchema.entries) as (keyof typeof AuditRowSchema.entries)[];

/** `GET /v1/audit`: the audit log as JSON pages, or streamed CSV / XLSX (reading it is not itself audited). */
export const handler = apiHandler(routeTable.audit, async ({ query, caller: { tenant, actor }, event }) =>
  listingResponse(await exportListing({ entity: 'audit', columns, toRow: auditRow }, tenant, actor, listQuery(query, header(event, 'accept')), false), event),
);
