import { QueryCommand, type QueryCommandInput, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, tableName } from './dynamo';

type Item = Record<string, unknown>;

export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * The one builder of UpdateExpressions: `set` overwrites, `keep` sets only
 * where the attribute is missing (`if_not_exists`), `add` adds to numbers.
 * Every name and value is a placeholder, so any attribute name is safe.
 * Undefined values are skipped.
 */
export function updateExpression(parts: { set?: Item; keep?: Item; add?: Record<string, number>; values?: Item }): UpdateParts {
  const names: Record<string, string> = {};
  const values: Item = { ...(parts.values ?? {}) };
  let n = 0;
  const slot = (name: string, value: unknown) => {
    const i = n++;
    names[`#u${i}`] = name;
    values[`:u${i}`] = value;
    return [`#u${i}`, `:u${i}`] as const;
  };
  const sets: string[] = [];
  const adds: string[] = [];
  for (const [name, value] of Object.entries(parts.set ?? {})) {
    if (value === undefined) continue;
    const [k, v] = slot(name, value);
    sets.push(`${k} = ${v}`);
  }
  for (const [name, value] of Object.entries(parts.keep ?? {})) {
    if (value === undefined) continue;
    const [k, v] = slot(name, value);
    sets.push(`${k} = if_not_exists(${k}, ${v})`);
  }
  for (const [name, value] of Object.entries(parts.add ?? {})) {
    const [k, v] = slot(name, value);
    adds.push(`${k} ${v}`);
  }
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' ');
  return {
    UpdateExpression: expression,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

type Page = { Items?: Item[] | undefined; LastEvaluatedKey?: Item | undefined };

/** The one page-following loop: every page of a Query or Scan, as it comes. */
async function* allPages(read: (start: Item | undefined) => Promise<Page>): AsyncGenerator<Item[]> {
  let start: Item | undefined;
  do {
    const page = await read(start);
    if (page.Items?.length) yield page.Items;
    start = page.LastEvaluatedKey;
  } while (start);
}

const from = (start: Item | undefined) => (start ? { ExclusiveStartKey: start } : {});

/** Every page of a Query (`pageSize` items at most per page). */
export const queryPages = (input: QueryCommandInput, pageSize?: number) =>
  allPages((start) => db().send(new QueryCommand({ ...input, ...(pageSize ? { Limit: pageSize } : {}), ...from(start) })));

/**
 * The entries of a work queue (a sparse GSI1 partition whose sort key starts
 * with the ISO time the work is due, table-keys.ts `WorkQueues`) that are due
 * by `now`, oldest first, page by page.
 */
export const duePages = (queue: string, now: Date, pageSize: number) =>
  queryPages(
    {
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :q AND GSI1SK <= :now',
      ExpressionAttributeValues: { ':q': queue, ':now': `${now.toISOString()}~` },
    },
    pageSize,
  );

/** Every page of a Scan (or one segment of it). */
export const scanPages = (input: ScanCommandInput) => allPages((start) => db().send(new ScanCommand({ ...input, ...from(start) })));

async function collect(pages: AsyncGenerator<Item[]>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

/** Every item a Query matches (for bounded result sets). */
export const queryAll = (input: QueryCommandInput) => collect(queryPages(input));

/** Every item a Scan matches (for bounded result sets). */
export const scanAll = (input: ScanCommandInput) => collect(scanPages(input));

/** A write whose condition failed, named where it happened (`ConditionalCheckFailedException`). */
export class ConditionFailed extends Error {
  constructor(readonly item?: Item) {
    super('condition failed');
    this.name = 'ConditionFailed';
  }
}

/**
 * Sends a conditional write; a failed condition becomes `ConditionFailed`
 * (with the item DynamoDB saw, when asked for, as plain values: the document
 * client leaves an error's item in DynamoDB's wire format) instead of the SDK's error.
 */
export async function conditionally<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      const seen = (error as { Item?: Record<string, AttributeValue> }).Item;
      throw new ConditionFailed(seen ? unmarshall(seen) : undefined);
    }
    throw error;
  }
}

/** A conditional write whose failed condition is an expected outcome: true if written, false if the condition failed. */
export async function ifConditionHolds(write: Promise<unknown>): Promise<boolean> {
  try {
    await conditionally(write);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/** A transaction cancelled because one of its conditions failed (not a conflict or an outage). */
export function isTransactionConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
}
