import middy from '@middy/core';
import { eraseContact } from './domain/privacy';
import { ContactPathSchema } from './get-contact';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, json, parseInput } from './lib/http';

/** `DELETE /v1/contacts/{contactId}`: erases the contact and everything linked; answers the deletion receipt. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const { contactId } = parseInput(ContactPathSchema, event.pathParameters ?? {}, 'path');
    return json(200, await eraseContact(tenant, contactId, `key:${keyId}`));
  });
