import middy from '@middy/core';
import * as v from 'valibot';
import { MessageBodySchema } from '../shared/schemas/ingest';
import { IdSchema } from '../shared/schemas/primitives';
import { addMessage, conversationOfVisitor, isBotFlowLine } from './domain/conversations';
import { assertOriginAllowed } from './domain/tenants';
import { verifyVisitorToken } from './domain/visitor-tokens';
import { ApiError } from './lib/errors';
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
    if (message.author === 'bot' && !isBotFlowLine(tenant, message.text)) {
      throw new ApiError(403, 'forbidden', "A visitor's browser may record only the lines of the site's bot flow as the bot", [
        { path: 'author', message: 'is "bot" but the text is not a line of the bot flow' },
      ]);
    }
    const conversation = await conversationOfVisitor(tenant, id, visitorId);
    const added = await addMessage(tenant, conversation, message, message.author === 'bot' ? 'flow' : 'visitor');
    return json(201, { id: message.id, duplicate: !added.stored, seq: added.seq });
  });
