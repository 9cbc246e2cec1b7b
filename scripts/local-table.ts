import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ENDPOINT_FILE } from '../local/stack';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb-local';

/**
 * Runs `work` against the project's table: the table in AWS with
 * PARLEY_AWS=1, the DynamoDB named by PARLEY_DYNAMODB_ENDPOINT, or else DynamoDB Local on the `.data/` folder
 * that `npm start` uses (started for the duration of the command).
 */
export async function withLocalTable<T>(work: () => Promise<T>): Promise<T> {
  const table = process.env.PARLEY_TABLE ?? 'parley';
  process.env.PARLEY_TABLE = table;
  // A deployed table in AWS (credentials and region from the environment).
  if (process.env.PARLEY_AWS === '1') return work();
  if (process.env.PARLEY_DYNAMODB_ENDPOINT) {
    await ensureTable(process.env.PARLEY_DYNAMODB_ENDPOINT, table);
    return work();
  }
  const running = await runningEndpoint();
  if (running) {
    process.env.PARLEY_DYNAMODB_ENDPOINT = running;
    return work();
  }
  const ddb = await startDynamoDbLocal({ path: resolve('.data/dynamodb') });
  try {
    process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
    await ensureTable(ddb.endpoint, table);
    return await work();
  } finally {
    await ddb.stop();
  }
}

/** The endpoint of the DynamoDB Local that a running `npm start` owns, if it answers. */
async function runningEndpoint(): Promise<string | undefined> {
  const file = resolve(ENDPOINT_FILE);
  if (!existsSync(file)) return undefined;
  const endpoint = readFileSync(file, 'utf8').trim();
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({}));
    return endpoint;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
