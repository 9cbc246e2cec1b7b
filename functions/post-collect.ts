import { clientInfo, dayVisitorId } from './domain/client-info';
import { recordEvents } from './domain/events';
import { apiHandler } from './http/api-handler';
import { clientRequest } from './http/client';
import * as routeTable from './route-table';

/**
 * `POST /v1/collect`: a batch of behavioural events. Without a visitorId
 * (no consent to storage yet) the events are filed under the cookieless id
 * of the day.
 */
export const handler = apiHandler(routeTable.collect, async ({ body, caller: { tenant }, event }) => {
  const client = clientRequest(event);
  const visitorId = body.visitorId ?? (await dayVisitorId(tenant, client));
  return recordEvents(tenant, body, visitorId, clientInfo(client, tenant));
});
