import { closeConversation } from './domain/inbox';
import { announceState } from './domain/live-chat';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/conversations/{id}/close`: done for now (the visitor's next message opens it again). */
export const handler = apiHandler(routeTable.closeConversation, async ({ path, caller: { tenant } }) =>
  announceState(tenant, path.id, await closeConversation(tenant, path.id)),
);
