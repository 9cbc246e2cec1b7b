import { LEAD_COLUMNS, type LeadRow } from '../shared/schemas/exports';
import { exportListing, listQuery } from './domain/exports/listing';
import { leadRow } from './domain/exports/rows';
import { leadMatches } from './domain/exports/search';
import { apiHandler } from './http/api-handler';
import { listingResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

/**
 * `GET /v1/leads`: leads as JSON pages, or streamed CSV / XLSX; `q` searches
 * names, email, phone and company; `restricted=include` (JSON) lists
 * restricted contacts too, each marked `restricted: true`.
 */
export const handler = apiHandler(routeTable.leads, async ({ query: input, caller: { tenant, actor }, event }) => {
  const query = listQuery(input, header(event, 'accept'));
  const toRow = query.includeRestricted
    ? (item: Record<string, unknown>): LeadRow & { restricted?: boolean } => ({ ...leadRow(item), restricted: item.restricted === true })
    : leadRow;
  return listingResponse(await exportListing({ entity: 'leads', columns: LEAD_COLUMNS, toRow, matches: leadMatches }, tenant, actor, query), event);
});
