import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { AuditRowSchema } from '../shared/schemas/exports';
import { exportListing, parseListQuery } from './domain/exports/listing';
import { auditRow } from './domain/exports/rows';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

const columns = Object.keys(AuditRowSchema.entries) as (keyof typeof AuditRowSchema.entries)[];

/** `GET /v1/audit`: the audit log as JSON pages, or streamed CSV / XLSX. */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    return exportListing({ entity: 'audit', columns, toRow: auditRow }, tenant, `key:${keyId}`, parseListQuery(event), false);
  });
