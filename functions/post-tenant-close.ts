import middy from '@middy/core';
import * as v from 'valibot';
import { closeTenant } from './domain/closure';
import { customerApi, principalOf } from './lib/customer-api';
import { badRequest } from './lib/errors';
import { type HttpEvent, type HttpResult, json, parseInput } from './lib/http';

const ConfirmSchema = v.object({ confirm: v.string('must be the tenant id') });

/**
 * `POST /v1/tenant/close` with `{ "confirm": "<tenantId>" }`: deletes all of
 * the tenant's data now and answers the closure receipt. Fetch
 * `GET /v1/export` first: nothing can be exported afterwards.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi({ body: true }))
  .handler(async (event, context) => {
    const { tenant } = principalOf(context);
    const { confirm } = parseInput(ConfirmSchema, event.body);
    if (confirm !== tenant.tenantId) throw badRequest('Confirm with this tenant’s id', [{ path: 'confirm', message: 'must equal the tenant id' }]);
    return json(200, await closeTenant(tenant.tenantId));
  });
