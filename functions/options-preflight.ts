import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/**
 * `OPTIONS /v1/{proxy+}`: CORS preflight. Any origin may ask; the real
 * request is then checked against the tenant's allowed origins.
 */
export const handler = apiHandler(routeTable.preflight, async () => undefined);
