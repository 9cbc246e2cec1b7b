/**
 * Write units by AWS's pricing rules, from the items themselves: DynamoDB
 * Local does not report the capacity of transactions correctly, so the
 * benchmarks model it, and print DynamoDB Local's own figure for the plain
 * writes beside it as a cross-check.
 *
 * The model (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html):
 * - an item's size is the sum of its attribute names and values (strings as
 *   UTF-8, numbers about 1 byte per 2 digits + 1, booleans and nulls 1,
 *   lists and maps 3 bytes + their elements + 1 byte each);
 * - a standard write of an item costs ceil(size / 1 KB) units, a
 *   transactional write twice that;
 * - every global secondary index the item appears in (it has both of the
 *   index's key attributes; every index projects all attributes) costs
 *   ceil(size / 1 KB) more, at the standard rate;
 * - reads cost no write units; deletes are not counted (the benchmarks make none);
 * - an UpdateItem's item is not known to the client: plain updates are
 *   taken as DynamoDB Local reports them, and updates inside a transaction
 *   as one item of at most 1 KB (2 units), which the session, visitor and
 *   counter items are.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from '../functions/lib/table-keys';

type Item = Record<string, unknown>;

export function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) size += Buffer.byteLength(name) + valueBytes(value);
  return size;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + valueBytes(v) + 1, 0);
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value as Item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueBytes(v) + 1, 0);
  return 0;
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** Units to put one item: the table (× 2 in a transaction) plus each index it appears in. */
export function putUnits(item: Item, transactional = false): number {
  const size = itemBytes(item);
  const indexes = TABLE_DEFINITION.indexes.filter((i) => item[i.partitionKey] !== undefined && item[i.sortKey] !== undefined).length;
  return kb(size) * (transactional ? 2 : 1) + kb(size) * indexes;
}

export interface UnitCounter {
  /** Modelled units since the last reset. */
  modelled: number;
  /** Units DynamoDB Local reported (ReturnConsumedCapacity TOTAL) since the last reset. */
  reported: number;
  reset(): void;
}

interface Commands {
  Item?: Item;
  RequestItems?: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: unknown }[] | object>;
  TransactItems?: { Put?: { Item: Item }; Update?: unknown; Delete?: unknown; ConditionCheck?: unknown }[];
  UpdateExpression?: string;
  ReturnConsumedCapacity?: string;
}

/** Counts the write units of every command the client sends. */
export function countWriteUnits(client: DynamoDBDocumentClient): UnitCounter {
  const counter: UnitCounter = {
    modelled: 0,
    reported: 0,
    reset() {
      counter.modelled = 0;
      counter.reported = 0;
    },
  };
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Commands;
      const batchWrites = Object.values(input.RequestItems ?? {}).filter(Array.isArray) as { PutRequest?: { Item: Item } }[][];
      const kind = input.TransactItems ? 'transact' : batchWrites.length ? 'batch' : input.Item ? 'put' : input.UpdateExpression ? 'update' : undefined;
      const isWrite = kind !== undefined;
      if (isWrite) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (!isWrite) return result;
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      const reported = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      counter.reported += reported;
      if (kind === 'put' && input.Item) counter.modelled += putUnits(input.Item);
      else if (kind === 'update') counter.modelled += reported;
      else if (kind === 'batch')
        for (const requests of batchWrites) for (const r of requests) counter.modelled += r.PutRequest ? putUnits(r.PutRequest.Item) : 1;
      else if (kind === 'transact') for (const t of input.TransactItems ?? []) counter.modelled += t.Put ? putUnits(t.Put.Item, true) : 2;
      return result;
    },
    { step: 'initialize', name: 'countWriteUnits' },
  );
  return counter;
}
