import { reopenConversation } from './domain/inbox';
import { announceState } from './domain/live-chat';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/conversations/{id}/reopen`: back in the inbox, with whoever had it. */
export const handler = apiHandler(routeTable.reopenConversation, async ({ path, caller: { tenant } }) =>
  announceState(tenant, path.id, await reopenConversation(tenant, path.id)),
);
