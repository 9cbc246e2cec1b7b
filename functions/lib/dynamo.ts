import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiError, serviceUnavailable } from './errors';
import { config } from './config';

/** The one place that creates the DynamoDB client. */
export const tableName = () => config.tableName();

let client: DynamoDBDocumentClient | undefined;

/** Sockets per instance: one Lambda instance serves one request at a time, the local server many. */
const MAX_SOCKETS = 512;

export function db(): DynamoDBDocumentClient {
  if (client) return client;
  const endpoint = config.dynamoEndpoint();
  const raw = new DynamoDBClient({
    ...(endpoint ? { endpoint, region: config.region(), credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: config.dynamoMaxAttempts(),
    // Kept-alive sockets, and enough of them: a request queued for a free
    // socket counts against connectionTimeout, so a busy instance with too few
    // sockets answered 503 under healthy load.
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    },
  });
  // The SDK's logger step copies every response, item by item, to hide
  // sensitive members from a logger that is a no-op here: on a 1,000-item
  // page that cost about as much as parsing the page. Nothing logs SDK calls.
  raw.middlewareStack.remove('loggerMiddleware');
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return client;
}

/** Drops the cached client (tests that point at another endpoint). */
export function resetDbClient(): void {
  client?.destroy();
  client = undefined;
}

const UNAVAILABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'TransactionConflictException',
]);

/**
 * Maps DynamoDB's outages and throttling to 503 + Retry-After (clients retry;
 * client-made ids make the retry safe). Anything else stays as it is.
 */
export function toServiceError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  const fault = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (
    UNAVAILABLE.has(error.name) ||
    (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code)) ||
    (fault !== undefined && fault >= 500) ||
    /ECONNREFUSED|ECONNRESET|socket hang up|timed? ?out/i.test(error.message)
  ) {
    return serviceUnavailable(error);
  }
  return error;
}
