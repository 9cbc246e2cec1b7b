import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/**
 * `OPTIONS /v1/{proxy+}`: CORS preflight. Any origin may ask; the real
 * request is then checked against the tenant's allowed origins.
 */
export const handler = apiHandler(routeTable.preflight, async () => undefined);
