import { eraseContact } from './domain/privacy';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `DELETE /v1/contacts/{contactId}`: erases the contact and everything linked; answers the deletion receipt. */
export const handler = apiHandler(routeTable.eraseContact, async ({ path, caller: { tenant, actor } }) => eraseContact(tenant, path.contactId, actor));
