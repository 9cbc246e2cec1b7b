import middy from '@middy/core';
import * as v from 'valibot';
import { IdSchema } from '../shared/schemas/primitives';
import { accessContact } from './domain/privacy';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, json, parseInput } from './lib/http';

export const ContactPathSchema = v.object({ contactId: IdSchema });

/** `GET /v1/contacts/{contactId}`: everything stored about one person (access, portability). */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const { contactId } = parseInput(ContactPathSchema, event.pathParameters ?? {}, 'path');
    return json(200, await accessContact(tenant, contactId, `key:${keyId}`));
  });
