import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { recordAudit } from './domain/audit';
import { archiveStream } from './domain/exports/archive';
import { customerApi, principalOf } from './lib/customer-api';
import type { HttpEvent, HttpResult, StreamResult } from './lib/http';

/** `GET /v1/export`: everything the tenant owns as one streamed ZIP (switching provider). */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (_event, context) => {
    const { tenant, keyId } = principalOf(context);
    const body = archiveStream(tenant, (counts) => recordAudit(tenant.tenantId, { action: 'export', actor: `key:${keyId}`, subject: 'archive', details: { format: 'zip', counts } }).then(() => undefined));
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="parley-export-${tenant.tenantId}-${new Date().toISOString().slice(0, 10)}.zip"`,
        'Cache-Control': 'no-store',
      },
      body,
    };
  });
