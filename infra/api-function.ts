import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLING, besideCommands } from './bundling';
import type { FunctionRoles, RoleNeeds } from './function-roles';

const ROOT = join(import.meta.dirname, '..');

export interface ApiFunctionProps {
  /** Handler module under `functions/`. */
  module: string;
  table: ITable;
  /** Holds the master keys that per-tenant signing keys derive from. */
  masterKeys: ISecret;
  /** The header value CloudFront adds to each request (infra/edge-distribution.ts). */
  edgeKey: ISecret;
  access: RoleNeeds['access'];
  /** The shared execution roles: this function takes the one for its needs. */
  roles: FunctionRoles;
  /** Pushes to live chat sockets (its role is granted the Management API). */
  pushesLive?: boolean;
  /** A role of its own (a function whose grants no other shares, such as a stream consumer). */
  ownRole?: boolean;
  /** Streams its response: a longer timeout. */
  stream?: boolean;
  /** Served by a Function URL behind CloudFront (see `behindCloudFront`). */
  functionUrl?: boolean;
  memorySize?: number;
  /** Sends mail through SES (invitations, password resets), from `mail.from`. */
  sendsMail?: boolean;
  /** Where mail comes from and where its links point. */
  mail: { from: string; publicUrl?: string | undefined };
  /** The log group every function of the stack writes to (one, with the stack's retention). */
  logGroup: ILogGroup;
}

/**
 * One Lambda with Parley's defaults: Node.js 24 on arm64, bundled and
 * minified locally by esbuild (no Docker) as CommonJS with the AWS SDK
 * clients it uses on every request and its large, seldom used libraries
 * beside the bundle (infra/bundling.ts), the stack's shared log group (its
 * streams are named by function), and the shared execution role of its
 * needs (infra/function-roles.ts).
 */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const role = props.roles.for(
      { access: props.access, ...(props.sendsMail ? { sendsMail: true } : {}), ...(props.pushesLive ? { pushesLive: true } : {}) },
      props.ownRole ? id : undefined,
    );
    this.fn = new NodejsFunction(this, 'Fn', {
      role,
      entry: props.functionUrl ? functionUrlEntry(props.module) : join(ROOT, 'functions', `${props.module}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.stream ? Duration.minutes(5) : Duration.seconds(10),
      logGroup: props.logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        PARLEY_TABLE: props.table.tableName,
        PARLEY_MASTER_KEYS_SECRET_ARN: props.masterKeys.secretArn,
        PARLEY_EDGE_KEY_SECRET_ARN: props.edgeKey.secretArn,
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
        // The large libraries the bundle loads on first use, each bundled on its own beside it.
        commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: (_input, output) => besideCommands(output) },
      },
    });
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
