import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import { routeTable } from './routes';

/** `ANY /{proxy+}`: every path no other route serves gets 404 in the error shape. */
export const handler = apiHandler(routeTable.notFound, async () => {
  throw notFound('Route');
});
