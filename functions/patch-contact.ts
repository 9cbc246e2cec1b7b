import middy from '@middy/core';
import { ContactPatchSchema } from '../shared/schemas/lead-fields';
import { updateContact } from './domain/privacy';
import { ContactPathSchema } from './get-contact';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, json, parseInput } from './lib/http';

/** `PATCH /v1/contacts/{contactId}`: rectification and restriction, audited. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi({ body: true }))
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const { contactId } = parseInput(ContactPathSchema, event.pathParameters ?? {}, 'path');
    const change = parseInput(ContactPatchSchema, event.body);
    return json(200, await updateContact(tenant, contactId, change, `key:${keyId}`));
  });
