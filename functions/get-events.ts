import { EventRowSchema } from '../shared/schemas/exports';
import { exportListing, listQuery } from './domain/exports/listing';
import { eventRow } from './domain/exports/rows';
import { apiHandler } from './http/api-handler';
import { listingResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

const columns = Object.keys(EventRowSchema.entries) as (keyof typeof EventRowSchema.entries)[];

/** `GET /v1/events`: behavioural events as JSON pages, or streamed CSV / XLSX. */
export const handler = apiHandler(routeTable.events, async ({ query, caller: { tenant, actor }, event }) =>
  listingResponse(await exportListing({ entity: 'events', columns, toRow: eventRow }, tenant, actor, listQuery(query, header(event, 'accept'))), event),
);
