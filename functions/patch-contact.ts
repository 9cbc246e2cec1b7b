import { updateContact } from './domain/privacy';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PATCH /v1/contacts/{contactId}`: rectification and restriction, audited. */
export const handler = apiHandler(routeTable.correctContact, async ({ path, body, caller: { tenant, actor } }) =>
  updateContact(tenant, path.contactId, body, actor),
);
