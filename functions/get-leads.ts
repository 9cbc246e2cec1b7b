import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { exportListing, parseListQuery } from './domain/exports/listing';
import { leadRow } from './domain/exports/rows';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

/** `GET /v1/leads`: leads as JSON pages, or streamed CSV / XLSX. */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    return exportListing({ entity: 'leads', columns: LEAD_COLUMNS, toRow: leadRow }, tenant, `key:${keyId}`, parseListQuery(event));
  });
