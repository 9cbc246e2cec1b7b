import { type CfnResource, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLING } from './bundling';

const ROOT = join(import.meta.dirname, '..');

/** Table actions per access level (see `Route.access`); never a wildcard. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchGetItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const;

export interface ApiFunctionProps {
  /** Handler module under `functions/`. */
  module: string;
  table: ITable;
  /** Holds the master keys that per-tenant signing keys derive from. */
  masterKeys: ISecret;
  access: keyof typeof TABLE_ACTIONS;
  /** Streams its response: a longer timeout. */
  stream?: boolean;
  /** Served by a Function URL behind CloudFront (see `behindCloudFront`). */
  functionUrl?: boolean;
  memorySize?: number;
  /** Sends mail through SES (invitations, password resets), from `mail.from`. */
  sendsMail?: boolean;
  /** Where mail comes from and where its links point. */
  mail: { from: string; publicUrl?: string | undefined };
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * One Lambda with Parley's defaults: Node.js 24 on arm64, bundled and
 * minified locally by esbuild (no Docker) as CommonJS with the AWS SDK
 * clients it uses on every request (infra/bundling.ts), its own
 * log group with retention, and table access granted per access level.
 */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: props.functionUrl ? functionUrlEntry(props.module) : join(ROOT, 'functions', `${props.module}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.stream ? Duration.minutes(5) : Duration.seconds(10),
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        PARLEY_TABLE: props.table.tableName,
        PARLEY_MASTER_KEYS_SECRET_ARN: props.masterKeys.secretArn,
        PARLEY_MAIL_FROM: props.mail.from,
        ...(props.mail.publicUrl ? { PARLEY_PUBLIC_URL: props.mail.publicUrl } : {}),
      },
      bundling: {
        format: OutputFormat.CJS,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourceMap,
        sourcesContent: BUNDLING.sourcesContent,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        bundleAwsSDK: BUNDLING.bundleAwsSdk,
        externalModules: [...BUNDLING.externalModules],
        forceDockerBundling: false,
      },
    });
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS[props.access]],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
      }),
    );
    if (props.table.encryptionKey) props.table.encryptionKey.grantEncryptDecrypt(this.fn);
    props.masterKeys.grantRead(this.fn);
    if (props.sendsMail) {
      // Any verified identity of the account: which sender is set by PARLEY_MAIL_FROM.
      this.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['ses:SendEmail'], resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })] }),
      );
    }

    const tableId = Stack.of(this).getLogicalId(props.table.node.defaultChild as CfnResource);
    Validations.of(this.fn).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "Only lets the function write its logs (CloudWatch Logs create/put); the function's own log group has a retention",
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: "Queries the table's two global secondary indexes, named in functions/lib/table-keys.ts; no other table is covered",
      },
      ...(props.sendsMail
        ? [
            {
              id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
              reason: 'SES checks the sender against the verified identities of the account; the sender is fixed by PARLEY_MAIL_FROM',
            },
          ]
        : []),
      ...(props.table.encryptionKey
        ? ['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
            id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
            reason: "From grantEncryptDecrypt on the table's own customer-managed key, the one resource these actions apply to",
          }))
        : []),
    );
  }
}

/**
 * Writes the bundling entry of a route served by a Function URL: its handler
 * wrapped by `behindCloudFront`. Bundling wants entries under the project
 * root; node_modules/.cache is there and never committed.
 */
function functionUrlEntry(module: string): string {
  const dir = join(ROOT, 'node_modules', '.cache', 'parley-function-url');
  const file = join(dir, `${module}.ts`);
  const source = [
    `import { handler as route } from ${JSON.stringify(join(ROOT, 'functions', `${module}.ts`))};`,
    `import { behindCloudFront } from ${JSON.stringify(join(ROOT, 'infra', 'function-url-handler.ts'))};`,
    'export const handler = behindCloudFront(route);',
    '',
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  // Rewritten only when it changes: synths and test runs may share the folder.
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== source) writeFileSync(file, source);
  return file;
}
