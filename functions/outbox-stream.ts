import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { takeOutboxItem } from './domain/webhooks/worker';
import { log } from './lib/log';

/**
 * DynamoDB Streams → Lambda: each new outbox item (the event source's filter
 * passes only those) is fanned out to its webhook endpoints and attempted
 * once. A record that fails is reported back (partial batch response), so
 * the stream retries it; after that it goes to the dead-letter queue, and
 * the item itself stays queued for the `webhook-retries` job.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    try {
      await takeOutboxItem(unmarshall(image as Record<string, AttributeValue>));
    } catch (error) {
      log.warn('outbox record not fanned out', { error });
      if (record.dynamodb?.SequenceNumber) batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  return { batchItemFailures };
});
