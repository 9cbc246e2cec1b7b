import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type * as v from 'valibot';
import type { LiveMessageSchema } from '../../shared/schemas/live';
import { db, tableName } from '../lib/dynamo';
import { ApiError } from '../lib/errors';
import { postToConnection } from '../lib/live-sockets';
import { log } from '../lib/log';
import { queryAll } from '../lib/store';
import { type ItemKey, SocketKeys, TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import type { ConversationRecord } from './conversations';
import { countRequest } from './rate-limit';
import type { Tenant } from './tenants';

/** How long a connection record lives at most: API Gateway closes a WebSocket after two hours. */
const CONNECTION_SECONDS = 2 * 60 * 60;

/** A message as the live chat sends it (SPEC: each frame's `message`). */
export type LiveMessage = v.InferOutput<typeof LiveMessageSchema>;

/** Who is at the other end of a socket, as its pointer item records it. */
export type SocketOwner =
  | { tenantId: string; side: 'visitor'; visitorId: string; connectionId: string }
  | { tenantId: string; side: 'team'; actor: string; name: string; connectionId: string; mayReply?: boolean };

const expiry = () => Math.floor(Date.now() / 1000) + CONNECTION_SECONDS;
const ownerKey = (owner: SocketOwner): ItemKey =>
  owner.side === 'visitor'
    ? TenantKeys.liveConnection(owner.tenantId, owner.visitorId, owner.connectionId)
    : TenantKeys.agentConnection(owner.tenantId, owner.connectionId);

/**
 * Records an open socket: under its visitor (erasure takes it with the
 * visitor) or under the tenant's team (presence), plus the pointer from the
 * connection id that later frames and the close arrive with.
 */
export async function addConnection(owner: SocketOwner, endpoint: string): Promise<void> {
  const expiresAt = expiry();
  const { connectionId, ...who } = owner;
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...ownerKey(owner),
              entity: owner.side === 'visitor' ? 'liveConnection' : 'agentConnection',
              connectionId,
              endpoint,
              ...(owner.side === 'team' ? { actor: owner.actor, name: owner.name, presence: 'online', mayReply: owner.mayReply === true } : {}),
              connectedAt: new Date().toISOString(),
              [TTL_ATTRIBUTE]: expiresAt,
            },
          },
        },
        { Put: { TableName: tableName(), Item: { ...SocketKeys.socket(connectionId), entity: 'socket', ...who, [TTL_ATTRIBUTE]: expiresAt } } },
      ],
    }),
  );
}

/** The owner of a connection id, if the socket is still known. */
export async function socketOwner(connectionId: string): Promise<SocketOwner | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: SocketKeys.socket(connectionId) }));
  if (!Item || Number(Item[TTL_ATTRIBUTE]) < Date.now() / 1000) return undefined;
  return Item.side === 'team'
    ? {
        tenantId: String(Item.tenantId),
        side: 'team',
        actor: String(Item.actor),
        name: String(Item.name ?? ''),
        connectionId,
        mayReply: Item.mayReply === true,
      }
    : { tenantId: String(Item.tenantId), side: 'visitor', visitorId: String(Item.visitorId), connectionId };
}

/** Forgets a closed socket: its record and its pointer. */
export async function removeConnection(connectionId: string): Promise<SocketOwner | undefined> {
  const owner = await socketOwner(connectionId);
  if (owner) await db().send(new DeleteCommand({ TableName: tableName(), Key: ownerKey(owner) }));
  await db().send(new DeleteCommand({ TableName: tableName(), Key: SocketKeys.socket(connectionId) }));
  return owner;
}

/** A person of the team sets their socket online or away (an inbox left in a hidden tab goes away). */
export async function setPresence(owner: Extract<SocketOwner, { side: 'team' }>, presence: 'online' | 'away'): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: ownerKey(owner),
      UpdateExpression: 'SET presence = :p',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':p': presence },
    }),
  );
}

async function teamConnections(tenant: Tenant) {
  return queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
    FilterExpression: 'expiresAt > :now',
    ExpressionAttributeValues: { ':pk': TenantKeys.agentPartition(tenant.tenantId), ':conn': 'CONN#', ':now': Math.floor(Date.now() / 1000) },
  });
}

/** The people (`user:<id>`) who may reply and have an inbox open, not away: from their sockets. */
export async function onlineActors(tenant: Tenant): Promise<Set<string>> {
  const connections = await teamConnections(tenant);
  return new Set(connections.filter((c) => c.mayReply === true && c.presence !== 'away').map((c) => String(c.actor)));
}

/** How many people could answer a visitor now. Keys and viewers watch, they do not answer. */
export async function agentsOnline(tenant: Tenant): Promise<number> {
  return (await onlineActors(tenant)).size;
}

/** Sends one frame to the given connection records; a closed socket (410) loses its records here. */
async function push(connections: Record<string, unknown>[], frame: unknown): Promise<number> {
  const outcomes = await Promise.all(
    connections.map(async (c) => {
      const outcome = await postToConnection(String(c.endpoint), String(c.connectionId), frame).catch((error: unknown) => {
        // Stored already: a failed push is caught up by the reader's resync.
        log.warn('live push failed', { error });
        return 'failed' as const;
      });
      if (outcome === 'gone') {
        await db().send(new DeleteCommand({ TableName: tableName(), Key: { PK: c.PK, SK: c.SK } }));
        await db().send(new DeleteCommand({ TableName: tableName(), Key: SocketKeys.socket(String(c.connectionId)) }));
      }
      return outcome;
    }),
  );
  return outcomes.filter((o) => o === 'sent').length;
}

/** Frames to the conversation's visitor: every open socket of theirs. Answers how many received it. */
export async function pushToVisitor(tenant: Tenant, conversation: Pick<ConversationRecord, 'visitorId'>, frame: unknown): Promise<number> {
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
  return push(connections, frame);
}

/** Frames to every open inbox of the tenant's team (but not to `except`, the sender's own socket). */
export async function pushToTeam(tenant: Tenant, frame: unknown, except?: string): Promise<number> {
  const connections = await teamConnections(tenant);
  return push(
    connections.filter((c) => c.connectionId !== except),
    frame,
  );
}

/**
 * Sends a stored message to every open socket of the conversation's
 * visitor. The message is stored first, so a socket that misses it (closed,
 * reconnecting, cold) gets it by `GET …/messages?after=SEQ`.
 */
export async function fanOut(tenant: Tenant, conversation: ConversationRecord, message: LiveMessage): Promise<number> {
  return pushToVisitor(tenant, conversation, { type: 'message', conversationId: conversation.conversationId, message });
}

/**
 * Counts a frame sent by a connection on the same sliding one-minute window
 * as HTTP requests, kept on the socket's own item (a closed socket's item is
 * gone, and a frame for it counts nothing). True while the frame fits under
 * `limit` frames in any 60 seconds, also across a minute boundary.
 */
export async function countFrame(connectionId: string, limit: number, now = Date.now()): Promise<boolean> {
  try {
    await countRequest({
      key: SocketKeys.socket(connectionId),
      limit,
      now,
      guard: { condition: 'attribute_exists(PK)', values: {}, passes: (item) => item !== undefined, denied: () => gone() },
    });
    return true;
  } catch (error) {
    if ((error instanceof ApiError && error.statusCode === 429) || error instanceof SocketGone) return false;
    throw error;
  }
}

class SocketGone extends Error {}
const gone = () => new SocketGone('socket closed');
