import { eraseVisitor } from './domain/privacy';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `DELETE /v1/visitors/me`: a visitor erases their own data (the widget's "forget me"). */
export const handler = apiHandler(routeTable.forgetVisitor, async ({ caller: { tenant, visitorId } }) => {
  await eraseVisitor(tenant, visitorId);
  return undefined;
});
