import { createApiKey } from './domain/accounts/api-keys';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/keys`: a named, scoped secret key, shown once and stored only as a hash. */
export const handler = apiHandler(routeTable.createKey, async ({ body, caller: { tenant, actor, actorRole } }) => {
  const created = await createApiKey(tenant.tenantId, { name: body.name, scopes: body.scopes, createdBy: actor });
  await recordAudit(tenant.tenantId, {
    action: 'key.created',
    actor,
    subject: 'key',
    details: { keyId: created.keyId, scopes: body.scopes.join(' '), actorRole },
  });
  return created;
});
