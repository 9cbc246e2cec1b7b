import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { LEAD_COLUMNS, LeadListQuerySchema, type LeadRow } from '../shared/schemas/exports';
import { exportListing, parseListQuery } from './domain/exports/listing';
import { leadRow } from './domain/exports/rows';
import { leadMatches } from './domain/exports/search';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

/**
 * `GET /v1/leads`: leads as JSON pages, or streamed CSV / XLSX; `q` searches
 * names, email, phone and company; `restricted=include` (JSON) lists
 * restricted contacts too, each marked `restricted: true`.
 */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const query = parseListQuery(event, LeadListQuerySchema);
    const toRow = query.includeRestricted ? (item: Record<string, unknown>): LeadRow & { restricted?: boolean } => ({ ...leadRow(item), restricted: item.restricted === true }) : leadRow;
    return exportListing({ entity: 'leads', columns: LEAD_COLUMNS, toRow, matches: leadMatches }, tenant, `key:${keyId}`, query);
  });
