import { listInbox } from './domain/inbox';
import { agentsOnline } from './domain/live';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/inbox?view=waiting|mine|all|closed`: the live chat's conversations for the person asking, with counts and who is online. */
export const handler = apiHandler(routeTable.inbox, async ({ query, caller: { tenant, actor } }) => {
  const [page, online] = await Promise.all([listInbox(tenant, query.view, actor), agentsOnline(tenant)]);
  return { ...page, agentsOnline: online };
});
