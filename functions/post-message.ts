import middy from '@middy/core';
import * as v from 'valibot';
import { MessageBodySchema } from '../shared/schemas/ingest';
import { IdSchema } from '../shared/schemas/primitives';
import { addMessage, conversationOfVisitor } from './domain/conversations';
import { assertOriginAllowed, verifyVisitorToken } from './domain/tenants';
import { type HttpEvent, type HttpResult, header, json, jsonApi, parseInput } from './lib/http';

const PathSchema = v.object({ id: IdSchema });

/** `POST /v1/conversations/{id}/messages`: one message, once per client id. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { id } = parseInput(PathSchema, event.pathParameters ?? {}, 'path');
    const { tenant, visitorId } = await verifyVisitorToken(header(event, 'x-parley-visitor'));
    assertOriginAllowed(tenant, event);
    const message = parseInput(MessageBodySchema, event.body);
    const conversation = await conversationOfVisitor(tenant, id, visitorId);
    const stored = await addMessage(tenant, conversation, message);
    return json(201, { id: message.id, duplicate: !stored });
  });
