import { seen } from './domain/live-chat';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/**
 * `POST /v1/conversations/{id}/seen { seq }`: one side has read up to `seq`
 * (the socket's `seen` frame does the same; this is for a browser without
 * a socket). The other side hears it.
 */
export const handler = apiHandler(routeTable.conversationSeen, async ({ path, body, caller }) => {
  const who =
    caller.kind === 'visitor'
      ? { side: 'visitor' as const, visitorId: caller.visitorId }
      : { side: 'team' as const, actor: caller.actor, name: caller.signedIn?.name ?? '' };
  await seen(caller.tenant, path.id, body.seq, who);
});
