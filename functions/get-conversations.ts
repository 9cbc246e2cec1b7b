import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { ConversationRowSchema } from '../shared/schemas/exports';
import { exportListing, parseListQuery } from './domain/exports/listing';
import { conversationRow } from './domain/exports/rows';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

const columns = Object.keys(ConversationRowSchema.entries) as (keyof typeof ConversationRowSchema.entries)[];

/** `GET /v1/conversations`: conversations with their messages as JSON pages, or streamed CSV / XLSX. */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    return exportListing({ entity: 'conversations', columns, toRow: (item) => conversationRow(tenant, item) }, tenant, `key:${keyId}`, parseListQuery(event));
  });
