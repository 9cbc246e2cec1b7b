import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { EventRowSchema } from '../shared/schemas/exports';
import { exportListing, parseListQuery } from './domain/exports/listing';
import { eventRow } from './domain/exports/rows';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

const columns = Object.keys(EventRowSchema.entries) as (keyof typeof EventRowSchema.entries)[];

/** `GET /v1/events`: behavioural events as JSON pages, or streamed CSV / XLSX. */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    return exportListing({ entity: 'events', columns, toRow: eventRow }, tenant, `key:${keyId}`, parseListQuery(event));
  });
