import { type CfnResource, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnRoute, HttpApi, type HttpMethod, HttpStage, LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type FunctionUrl, FunctionUrlAuthType, InvokeMode, Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type Route, routes, scheduledJobs, socketRoutes, streamConsumers } from '../functions/routes';
import { TABLE_DEFINITION } from '../functions/lib/table-keys';
import { ApiFunction } from './api-function';
import { FunctionRoles } from './function-roles';
import { addStreamConsumer } from './stream-consumer';
import { addEdgeDistribution, type EdgeDomain } from './edge-distribution';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';

export interface ParleyStackProps extends StackProps {
  stage: 'dev' | 'prod';
  /** Encrypt the table with a customer-managed KMS key (default: AWS-owned key). */
  customerManagedKey?: boolean;
  /** Folder with the built widget (`parley.js` and its lazy chunks). */
  widgetDir: string;
  /** Folder with the built dashboard (`npm run build:dashboard`); none, the bucket stays empty. */
  dashboardDir?: string;
  /** Serve everything from this domain (certificate in us-east-1) rather than the distribution's own. */
  domain?: EdgeDomain;
  /** Sender of invitations and password resets (an SES-verified identity). */
  mailFrom?: string;
}

/** Route path → construct id (`GET /v1/leads` → `GetV1Leads`). */
const idOf = (method: string, path: string) =>
  [method, ...path.split(/[/{}.+-]/)]
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1).toLowerCase())
    .join('');

/**
 * Parley in one stack, generated from the route table: the table, one Lambda
 * per route (streaming routes behind Function URLs, the rest behind an HTTP
 * API), the scheduled jobs, alarms, and one CloudFront distribution in front
 * of the API, the Function URLs, the widget and the dashboard.
 */
export class ParleyStack extends Stack {
  constructor(scope: Construct, id: string, props: ParleyStackProps) {
    super(scope, id, props);
    const prod = props.stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = prod ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS;

    const key = props.customerManagedKey ? new Key(this, 'TableKey', { enableKeyRotation: true, removalPolicy }) : undefined;
    const table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(key ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: key } : { encryption: TableEncryption.AWS_MANAGED }),
      timeToLiveAttribute: TABLE_DEFINITION.ttlAttribute,
      // New items reach the outbox consumers (webhook delivery) through the table's stream.
      stream: StreamViewType.NEW_IMAGE,
      deletionProtection: prod,
      removalPolicy,
    });
    for (const index of TABLE_DEFINITION.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    // Per-tenant signing keys (visitor tokens, cursors) derive from this, never stored in the table.
    // To rotate, put `kN:<base64>` first and keep the old value after a comma until its tokens are gone.
    const masterKeys = new Secret(this, 'MasterKeys', {
      description: 'Parley master keys: per-tenant signing keys derive from these with HKDF',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      ...(key ? { encryptionKey: key } : {}),
      removalPolicy,
    });
    Validations.of(masterKeys).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotated by hand on purpose: a new key goes first and the old one stays until the tokens signed with it expire; a rotation function would drop it at once',
    });

    // CloudFront adds this to every request it sends to the APIs and Function URLs; the functions answer
    // 403 without it, so the execute-api addresses serve no one directly, and CloudFront-Viewer-Address
    // (the visitor's own address, where the connection's is the edge's) can be trusted.
    const edgeKey = new Secret(this, 'EdgeKey', {
      description: 'Parley: the header CloudFront adds to API requests, so the API answers only through CloudFront',
      // { "current": … }: CloudFront sends `current`, the functions also accept a `previous` during a rotation.
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'current', passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(edgeKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotated by hand with a deploy (README): CloudFront takes the new value only when the distribution is deployed, so the old one stays accepted meanwhile',
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy });
    // One log group for every function (each function's streams carry its name): a group per
    // function was 88 resources of the 500 a stack may hold.
    const functionLogs = new LogGroup(this, 'FunctionLogs', { retention: logRetention, removalPolicy });
    const api = new HttpApi(this, 'Api', { apiName: `parley-${props.stage}`, createDefaultStage: false });
    new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: prod ? 2000 : 200, burstLimit: prod ? 4000 : 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No client address: only what operating the API needs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // Links in mail need the public host; without a custom domain, set PARLEY_PUBLIC_URL after the first deploy.
    const mail = {
      from: props.mailFrom ?? `Parley <no-reply@${props.domain?.name ?? 'parley.example'}>`,
      publicUrl: props.domain ? `https://${props.domain.name}` : undefined,
    };
    const roles = new FunctionRoles(this, 'Roles', { table, masterKeys, edgeKey });
    const fns: LambdaFn[] = [];
    const functionUrls = new Map<Route, FunctionUrl>();
    for (const route of routes) {
      const id = idOf(route.method, route.path);
      const { fn } = new ApiFunction(this, id, {
        module: route.module,
        table,
        masterKeys,
        edgeKey,
        roles,
        access: route.access,
        ...(route.pushesLive ? { pushesLive: true } : {}),
        ...(route.stream ? { stream: true, functionUrl: true } : {}),
        ...(route.sendsMail ? { sendsMail: true } : {}),
        mail,
        logGroup: functionLogs,
      });
      fns.push(fn);
      if (route.stream) {
        // An HTTP API cannot stream responses; a Function URL can. Only
        // CloudFront may call it (IAM auth, signed by origin access control).
        functionUrls.set(route, fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM, invokeMode: InvokeMode.RESPONSE_STREAM }));
      } else {
        for (const apiRoute of api.addRoutes({
          path: route.path,
          methods: [route.method as HttpMethod],
          integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        })) {
          Validations.of(apiRoute).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason:
              'Authorised in the function as its route-table entry says (site key, visitor token or secret API key, each rate-limited; a few routes are public by design); an authorizer would add an invocation per request',
          });
        }
      }
    }

    // Live chat: an API Gateway WebSocket API whose routes are the route table's socket routes.
    const socketFn = (r: (typeof socketRoutes)[number]) =>
      new ApiFunction(this, `Socket${idOf('', r.module)}`, {
        module: r.module,
        table,
        masterKeys,
        edgeKey,
        roles,
        access: r.access,
        ...(r.pushesLive ? { pushesLive: true } : {}),
        mail,
        logGroup: functionLogs,
      }).fn;
    const socketHandlers = new Map(socketRoutes.map((r) => [r.routeKey, socketFn(r)]));
    const integration = (routeKey: (typeof socketRoutes)[number]['routeKey']) =>
      new WebSocketLambdaIntegration(`Socket${idOf('', routeKey)}Integration`, socketHandlers.get(routeKey)!);
    const live = new WebSocketApi(this, 'Live', {
      apiName: `parley-live-${props.stage}`,
      // A frame's `type` names its route (typing, seen, presence); any other goes to $default.
      routeSelectionExpression: '$request.body.type',
      connectRouteOptions: { integration: integration('$connect') },
      disconnectRouteOptions: { integration: integration('$disconnect') },
      defaultRouteOptions: { integration: integration('$default') },
    });
    for (const route of socketRoutes) {
      if (!route.routeKey.startsWith('$')) live.addRoute(route.routeKey, { integration: integration(route.routeKey) });
    }
    const liveStage = new WebSocketStage(this, 'LiveStage', {
      webSocketApi: live,
      stageName: 'live',
      autoDeploy: true,
      throttle: { rateLimit: prod ? 1000 : 100, burstLimit: prod ? 2000 : 200 },
    });
    for (const child of live.node.findAll()) {
      if (child instanceof CfnRoute) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason:
            'The $connect handler checks the visitor token in the query (a browser cannot set headers on a WebSocket); other routes only exist on a connection it accepted',
        });
      }
    }
    Validations.of(liveStage).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG1',
      reason: 'Connections are logged by the $connect function (without the address); stage access logs would record client IP addresses',
    });
    // The roles of functions that push (HTTP routes and socket routes alike) may post to connections, no others.
    for (const role of roles.pushing()) {
      live.grantManageConnections(role);
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${Stack.of(this).getLogicalId(live.node.defaultChild as CfnResource)}>/*/*/@connections/*]`,
        reason: 'PostToConnection to any open socket of the live chat API: connection ids are only known at run time',
      });
    }

    const alarms = new Topic(this, 'Alarms', { enforceSSL: true });
    const alarm = (a: Alarm) => a.addAlarmAction(new SnsAction(alarms));
    for (const job of scheduledJobs) {
      const { fn } = new ApiFunction(this, `Job${idOf('', job.module)}`, {
        module: job.module,
        table,
        masterKeys,
        edgeKey,
        roles,
        access: job.access,
        stream: true,
        memorySize: 1024,
        ...(job.sendsMail ? { sendsMail: true } : {}),
        mail,
        logGroup: functionLogs,
      });
      new Rule(this, `Schedule${idOf('', job.module)}`, {
        schedule: Schedule.expression(job.schedule),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
      alarm(
        fn.metricErrors({ period: Duration.hours(1) }).createAlarm(this, `${idOf('', job.module)}Failures`, {
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: `${job.module} failed`,
        }),
      );
    }

    for (const consumer of streamConsumers) {
      const { fn } = new ApiFunction(this, `Stream${idOf('', consumer.module)}`, {
        module: consumer.module,
        table,
        masterKeys,
        edgeKey,
        roles,
        // Reads the table's stream: a grant no other function needs.
        ownRole: true,
        access: consumer.access,
        stream: true,
        ...(consumer.sendsMail ? { sendsMail: true } : {}),
        mail,
        logGroup: functionLogs,
      });
      const { dlq } = addStreamConsumer(this, `Stream${idOf('', consumer.module)}`, { fn, table, entity: consumer.entity, ...(key ? { key } : {}) });
      alarm(
        dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }).createAlarm(this, `${idOf('', consumer.module)}DeadLetters`, {
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: `${consumer.module}: stream records in the dead-letter queue`,
        }),
      );
    }

    alarm(
      new Alarm(this, 'Api5xxRate', {
        metric: new MathExpression({
          expression: '100 * errors / MAX([errors, requests])',
          usingMetrics: { errors: api.metricServerError({ period: Duration.minutes(5) }), requests: api.metricCount({ period: Duration.minutes(5) }) },
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: 'More than 1% of API requests end in 5xx',
      }),
    );
    alarm(
      LambdaFn.metricAllThrottles({ period: Duration.minutes(5) }).createAlarm(this, 'LambdaThrottles', {
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: 'Lambda functions are being throttled',
      }),
    );
    alarm(
      new Alarm(this, 'TableThrottles', {
        metric: new MathExpression({
          expression: 'reads + writes',
          usingMetrics: {
            reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
            writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
          },
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: 'DynamoDB requests are being throttled',
      }),
    );

    const edge = addEdgeDistribution(this, {
      api,
      functionUrls,
      routes,
      prod,
      removalPolicy,
      widgetDir: props.widgetDir,
      dashboardDir: props.dashboardDir,
      domain: props.domain,
      live: { apiId: live.apiId, stage: liveStage.stageName },
      edgeKey: edgeKey.secretValueFromJson('current').unsafeUnwrap(),
    });

    // One host for everything: API, streamed exports, widget and dashboard.
    new CfnOutput(this, 'Url', { value: edge.url, description: 'The one public URL: /v1 API, /parley.js, /dashboard/' });
    new CfnOutput(this, 'ApiUrl', { value: edge.url, description: 'API base (paths start with /v1)' });
    new CfnOutput(this, 'WidgetUrl', { value: `${edge.url}/parley.js` });
    new CfnOutput(this, 'DashboardUrl', { value: `${edge.url}/dashboard/` });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopic', { value: alarms.topicArn });
    this.functions = fns;
  }

  readonly functions: LambdaFn[];
}
