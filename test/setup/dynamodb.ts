import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoDbLocal } from '../../local/dynamodb-local';
import { newMasterKeyEntry } from '../../functions/lib/master-keys';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    masterKeys: string;
  }
}

/** One in-memory DynamoDB Local for the whole run; each test file uses its own tenants. */
export default async function setup(project: TestProject) {
  const ddb = await startDynamoDbLocal();
  const tableName = 'parley-test';
  await ensureTable(ddb.endpoint, tableName);
  project.provide('dynamoEndpoint', ddb.endpoint);
  project.provide('tableName', tableName);
  // One master key for the run: every test file derives the same tenant keys.
  project.provide('masterKeys', newMasterKeyEntry('t1'));
  return async () => {
    await ddb.stop();
  };
}
