import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, type Function as LambdaFn, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A function fed by the table's stream: only new items of one entity reach
 * it (an event filter, so other writes cost no invocation); a failing record
 * is retried, split out of its batch, then sent to a dead-letter queue (the
 * outbox item itself stays queued for the retry job, so nothing is lost).
 */
export function addStreamConsumer(scope: Construct, id: string, props: { fn: LambdaFn; table: Table; entity: string; key?: Key }): { dlq: Queue } {
  const dlq = new Queue(scope, `${id}DeadLetters`, {
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...(props.key ? { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key } : { encryption: QueueEncryption.SQS_MANAGED }),
  });
  Validations.of(dlq).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the stream consumer (a Lambda on-failure destination, which cdk-nag cannot see)',
  });
  props.fn.addEventSource(
    new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(0),
      bisectBatchOnError: true,
      retryAttempts: 3,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(dlq),
      filters: [
        FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(props.entity) } } } }),
      ],
    }),
  );
  // On the consumer's own role, where the event source puts the stream grants.
  Validations.of(props.fn.role ?? props.fn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: "dynamodb:ListStreams has no resource-level permissions; the stream read itself is granted on this table's stream only",
  });
  return { dlq };
}
