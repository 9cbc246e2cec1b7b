import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './dynamo';
import type { ItemKey } from './table-keys';

type Item = Record<string, unknown>;

const backoff = (attempt: number) => (attempt > 0 ? new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt))) : undefined);

/**
 * Reads items by key, 100 per request, retrying what DynamoDB left
 * unprocessed; the answer's order is not the keys' order. `consistent`
 * reads see every write that was acknowledged before.
 */
export async function getItems(keys: readonly ItemKey[], options: { consistent?: boolean; projection?: string } = {}): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: { Keys: Item[]; ConsistentRead?: boolean; ProjectionExpression?: string } | undefined = {
      Keys: keys.slice(i, i + 100).map((k) => ({ PK: k.PK, SK: k.SK })),
      ...(options.consistent ? { ConsistentRead: true } : {}),
      ...(options.projection ? { ProjectionExpression: options.projection } : {}),
    };
    for (let attempt = 0; pending?.Keys.length; attempt++) {
      await backoff(attempt);
      const out = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: pending } }));
      found.push(...(out.Responses?.[tableName()] ?? []));
      pending = out.UnprocessedKeys?.[tableName()] as typeof pending;
    }
  }
  return found;
}

/**
 * Writes whole items, 25 per request and the requests in parallel, retrying
 * what DynamoDB left unprocessed. Unconditional: callers make a repeat
 * harmless by keying each item on what identifies it.
 */
export async function putItems(items: readonly Item[]): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25) as Item[]);
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, { PutRequest: { Item: Item } }[]> | undefined = { [tableName()]: chunk.map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        await backoff(attempt);
        const out = await db().send(new BatchWriteCommand({ RequestItems: pending }));
        pending = out.UnprocessedItems as typeof pending;
      }
    }),
  );
}
