import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `ANY /{proxy+}`: every path no other route serves gets 404 in the error shape. */
export const handler = apiHandler(routeTable.notFound, async () => {
  throw notFound('Route');
});
