import { revokeApiKey } from './domain/accounts/api-keys';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `DELETE /v1/keys/{keyId}`: revokes a key; its next request is refused. */
export const handler = apiHandler(routeTable.revokeKey, async ({ path, caller: { tenant, actor, actorRole } }) => {
  await revokeApiKey(tenant.tenantId, path.keyId);
  await recordAudit(tenant.tenantId, { action: 'key.revoked', actor, subject: 'key', details: { keyId: path.keyId, actorRole } });
  return undefined;
});
