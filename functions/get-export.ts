import { recordAudit } from './domain/audit';
import { archiveStream } from './domain/exports/archive';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/export`: everything the tenant owns as one streamed ZIP (switching provider). */
export const handler = apiHandler(routeTable.archive, async ({ caller: { tenant, actor } }) => {
  const body = archiveStream(tenant, (counts) =>
    recordAudit(tenant.tenantId, { action: 'export', actor, subject: 'archive', details: { format: 'zip', counts } }).then(() => undefined),
  );
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
