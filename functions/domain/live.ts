import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type * as v from 'valibot';
import type { LiveMessageSchema } from '../../shared/schemas/responses';
import { db, tableName } from '../lib/dynamo';
import { postToConnection } from '../lib/live-sockets';
import { log } from '../lib/log';
import { queryAll } from '../lib/store';
import { TenantKeys } from '../lib/table-keys';
import type { ConversationRecord } from './conversations';
import type { Tenant } from './tenants';

/** How long a connection record lives at most: API Gateway closes a WebSocket after two hours. */
const CONNECTION_SECONDS = 2 * 60 * 60;

/** A message as the live chat sends it (SPEC: each frame's `message`). */
export type LiveMessage = v.InferOutput<typeof LiveMessageSchema>;

/** Records a visitor's open socket, with the endpoint that reaches it. */
export async function addConnection(tenant: Tenant, visitorId: string, connectionId: string, endpoint: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.liveConnection(tenant.tenantId, visitorId, connectionId),
        entity: 'liveConnection',
        connectionId,
        endpoint,
        connectedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + CONNECTION_SECONDS,
      },
    }),
  );
}

/**
 * Sends a stored message to every open socket of the conversation's
 * visitor. The message is stored first, so a socket that misses it (closed,
 * reconnecting, cold) gets it by `GET …/messages?after=SEQ`; a closed socket
 * (410) loses its record here.
 */
export async function fanOut(tenant: Tenant, conversation: ConversationRecord, message: LiveMessage): Promise<number> {
  const connections = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
    FilterExpression: 'expiresAt > :now',
    ExpressionAttributeValues: {
      ':pk': TenantKeys.visitorPartition(tenant.tenantId, conversation.visitorId),
      ':conn': 'CONN#',
      ':now': Math.floor(Date.now() / 1000),
    },
  });
  const frame = { type: 'message', conversationId: conversation.conversationId, message };
  const outcomes = await Promise.all(
    connections.map(async (c) => {
      const outcome = await postToConnection(String(c.endpoint), String(c.connectionId), frame).catch((error: unknown) => {
        // Stored already: a failed push is caught up by the visitor's resync.
        log.warn('live push failed', { error });
        return 'failed' as const;
      });
      if (outcome === 'gone') await db().send(new DeleteCommand({ TableName: tableName(), Key: { PK: c.PK, SK: c.SK } }));
      return outcome;
    }),
  );
  return outcomes.filter((o) => o === 'sent').length;
}
