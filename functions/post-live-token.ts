import { issueLiveToken } from './domain/live-tokens';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/live/token`: a one-minute token that opens the team's socket, `/v1/live?token=…`. */
export const handler = apiHandler(routeTable.liveToken, async ({ caller: { tenant, actor, signedIn } }) =>
  issueLiveToken({ tenantId: tenant.tenantId, actor, name: signedIn?.name || signedIn?.email.split('@')[0] || 'Team' }),
);
