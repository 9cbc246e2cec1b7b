import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, scheduledJobs, socketRoutes, streamConsumers } from '../functions/routes';
import { API_ORIGIN_ID, RELAYED_AUTHORIZATION, edgeMatches, edgePattern, samplePath, streamedPathFunctionCode, streamedPaths } from './edge';
import { withViewerAuthorization } from './function-url-handler';
import { ParleyStack } from './parley-stack';

let template: Template;
let prod: Template;
let custom: Template;
let nagOutdir: string;
let nagApp: App;
let nagError: unknown;

type Resource = { Type: string; Properties: Record<string, any> };

beforeAll(() => {
  // A stand-in widget folder: the stack only uploads it.
  const widgetDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  mkdirSync(widgetDir, { recursive: true });
  writeFileSync(join(widgetDir, 'parley.js'), '/* widget */');
  // Bundle the functions once (for Dev); Prod's template is the same code.
  const dashboardDir = mkdtempSync(join(tmpdir(), 'parley-dashboard-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html>');
  nagOutdir = mkdtempSync(join(tmpdir(), 'parley-cdk-'));
  const app = new App({ outdir: nagOutdir, context: { 'aws:cdk:bundling-stacks': ['Dev'] } });
  nagApp = app;
  const dev = new ParleyStack(app, 'Dev', { stage: 'dev', widgetDir, dashboardDir });
  const prodStack = new ParleyStack(app, 'Prod', { stage: 'prod', customerManagedKey: true, widgetDir });
  const customStack = new ParleyStack(app, 'Custom', {
    stage: 'prod',
    widgetDir,
    domain: { name: 'parley.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/example' },
  });
  // cdk-nag runs as a validation plugin when the app synthesises: any finding
  // not acknowledged (with its reason) fails the synthesis.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    nagError = error;
  }
  template = Template.fromStack(dev);
  prod = Template.fromStack(prodStack);
  custom = Template.fromStack(customStack);
  // Bundles every function with the SDK clients it uses: a few seconds each on a busy machine.
}, 480_000);

const ours = (t: Template) =>
  Object.values(t.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter((r) => r.Properties.Environment?.Variables?.PARLEY_TABLE);

describe('the CDK stack generated from the route table', () => {
  it('has one function per route, socket route, scheduled job and stream consumer, all Node 24 on arm64 with log retention', () => {
    const fns = ours(template);
    expect(fns).toHaveLength(routes.length + socketRoutes.length + scheduledJobs.length + streamConsumers.length);
    const logGroups = template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>;
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
    // All in one group: a group per function would spend a resource per function of the stack's 500.
    expect(new Set(fns.map((fn) => fn.Properties.LoggingConfig.LogGroup.Ref)).size).toBe(1);
  });

  it('routes every buffered route through the HTTP API and streams the exports from Function URLs', () => {
    const buffered = routes.filter((r) => !r.stream);
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map((r) => r.Properties.RouteKey);
    // The HTTP API's routes, and the live chat WebSocket API's.
    expect(routeKeys.sort()).toEqual([...buffered.map((r) => `${r.method} ${r.path}`), ...socketRoutes.map((r) => r.routeKey)].sort());
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' });
    template.resourceCountIs('AWS::Lambda::Url', routes.filter((r) => r.stream).length);
    template.allResourcesProperties('AWS::Lambda::Url', { InvokeMode: 'RESPONSE_STREAM', AuthType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { Format: Match.not(Match.stringLikeRegexp('sourceIp')) },
    });
  });

  it('keeps data in an on-demand table with PITR, TTL, encryption and the three indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'GSI1' }), Match.objectLike({ IndexName: 'GSI2' }), Match.objectLike({ IndexName: 'GSI3' })],
    });
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }),
      }),
    });
  });

  it('grants no wildcard actions, and read-only routes no deletes', () => {
    for (const t of [template, prod]) {
      for (const policy of Object.values(t.findResources('AWS::IAM::Policy') as Record<string, Resource>)) {
        for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]) {
          for (const action of [statement.Action].flat()) {
            expect(action).not.toBe('*');
            expect(action).not.toMatch(/^dynamodb:\*?$|^dynamodb:.*\*/);
          }
        }
      }
    }
    // Functions share execution roles by what they need; what each function may do is what its role's policies grant.
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>);
    const grantsOf = (fn: Resource) => {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      return policies
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .map((p) => JSON.stringify(p.Properties.PolicyDocument))
        .join('\n');
    };
    const functionsThatMay = (action: string) => ours(template).filter((fn) => grantsOf(fn).includes(action)).length;
    const writers = [...routes, ...scheduledJobs, ...socketRoutes, ...streamConsumers].filter((r) => r.access === 'write');
    expect(functionsThatMay('dynamodb:DeleteItem')).toBe(writers.length);
    // Only the routes that push to live chat sockets may post to connections.
    expect(functionsThatMay('execute-api:ManageConnections')).toBe(routes.filter((r) => r.pushesLive).length + socketRoutes.filter((r) => r.pushesLive).length);
    // Only the routes that mail may send mail.
    expect(functionsThatMay('ses:SendEmail')).toBe([...routes, ...scheduledJobs, ...streamConsumers].filter((r) => r.sendsMail).length);
    for (const fn of ours(template)) expect(fn.Properties.Environment.Variables.PARLEY_MAIL_FROM).toMatch(/@/);
  });

  it('stays under the 500 resources CloudFormation allows a stack, sharing execution roles by what the functions need', () => {
    for (const t of [template, prod, custom]) expect(Object.keys(t.toJSON().Resources).length).toBeLessThan(500);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).length).toBeLessThan(15);
  });

  it('runs the purge on a schedule and alarms on 5xx rate, throttles and purge failures', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: scheduledJobs[0]!.schedule, State: 'ENABLED' });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>).map((a) =>
      String(a.Properties.AlarmDescription),
    );
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/5xx/),
        expect.stringMatching(/Lambda functions are being throttled/),
        expect.stringMatching(/DynamoDB requests are being throttled/),
        expect.stringMatching(/purge failed/),
      ]),
    );
  });

  it('feeds new outbox items from the table stream to the delivery function, with a dead-letter queue and its alarm', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"entity":\\{"S":\\["outbox"\\]\\}') }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 86_400 });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>).map((a) =>
      String(a.Properties.AlarmDescription),
    );
    expect(alarms).toEqual(expect.arrayContaining([expect.stringMatching(/outbox-stream: stream records in the dead-letter queue/)]));
  });

  it('serves the widget from a private bucket through CloudFront with origin access control and compression', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    // One access control for the buckets, one for the Function URLs.
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
    template.hasOutput('ApiUrl', {});
    template.hasOutput('WidgetUrl', {});
    template.hasOutput('TableName', {});
  });

  it('gives every function the master-key and edge-key secrets to read, and holds no key material in the template', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret') as Record<string, Resource>;
    const masterId = Object.keys(secrets).find((id) => id.startsWith('MasterKeys'));
    const edgeId = Object.keys(secrets).find((id) => id.startsWith('EdgeKey'));
    expect(Object.keys(secrets).sort()).toEqual([edgeId, masterId].sort());
    for (const id of [masterId, edgeId]) {
      expect(secrets[id!]?.Properties.GenerateSecretString).toBeDefined();
      expect(secrets[id!]?.Properties.SecretString).toBeUndefined();
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']), Resource: { Ref: id } })]),
        },
      });
    }
    for (const fn of ours(template)) {
      expect(fn.Properties.Environment.Variables.PARLEY_MASTER_KEYS_SECRET_ARN).toEqual({ Ref: masterId });
      expect(fn.Properties.Environment.Variables.PARLEY_EDGE_KEY_SECRET_ARN).toEqual({ Ref: edgeId });
      expect(fn.Properties.Environment.Variables.PARLEY_MASTER_KEYS).toBeUndefined();
      expect(fn.Properties.Environment.Variables.PARLEY_EDGE_KEY).toBeUndefined();
    }
  });

  it('has CloudFront send the edge key to every API origin (HTTP API, live socket, Function URLs) as a reference to the secret, resolved at deploy', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution') as Record<string, Resource>);
    const origins = distribution!.Properties.DistributionConfig.Origins as {
      Id: string;
      S3OriginConfig?: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
    }[];
    const [edgeId] = Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((id) => id.startsWith('EdgeKey'));
    const apiOrigins = origins.filter((o) => !o.S3OriginConfig && !JSON.stringify(o).includes('s3'));
    expect(apiOrigins.length).toBeGreaterThanOrEqual(3);
    for (const origin of apiOrigins) {
      const header = origin.OriginCustomHeaders?.find((h) => h.HeaderName === 'X-Parley-Edge');
      const value = JSON.stringify(header?.HeaderValue);
      expect(value).toContain('{{resolve:secretsmanager:');
      expect(value).toContain(':SecretString:current:');
      expect(value).toContain(edgeId);
    }
  });
});

type CfnObject = Resource['Properties'];
type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  AllowedMethods?: string[];
  CachePolicyId?: string;
  OriginRequestPolicyId?: string;
  FunctionAssociations?: { FunctionARN: unknown }[];
};

/** The distribution's behaviours in CloudFront's order (the default last) and its origins by id. */
function edgeOf(t: Template) {
  const distributions = Object.values(t.findResources('AWS::CloudFront::Distribution') as Record<string, Resource>);
  expect(distributions).toHaveLength(1);
  const config = distributions[0]!.Properties.DistributionConfig;
  const behaviors: Behavior[] = [...(config.CacheBehaviors ?? []), config.DefaultCacheBehavior];
  const origins = new Map<string, CfnObject>((config.Origins as CfnObject[]).map((o) => [o.Id as string, o]));
  /** The behaviour CloudFront picks for a path: the first pattern that matches, else the default. */
  const behaviorFor = (path: string) => behaviors.find((b) => b.PathPattern === undefined || edgeMatches(b.PathPattern, path))!;
  return { config, behaviors, origins, behaviorFor };
}

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('one CloudFront host in front of everything', () => {
  it('serves every public path from the one distribution: routes on the API or their Function URL, the widget and the dashboard from their buckets', () => {
    const { behaviors, origins, behaviorFor } = edgeOf(template);
    const originOf = (path: string) => origins.get(behaviorFor(path).TargetOriginId)!;
    const isApi = (o: CfnObject) => o.Id === API_ORIGIN_ID && JSON.stringify(o.DomainName).includes('execute-api');
    const isFunctionUrl = (o: CfnObject) => JSON.stringify(o.DomainName).includes('FunctionUrl') && o.OriginAccessControlId !== undefined;
    const bucketOf = (o: CfnObject) => JSON.stringify(o.DomainName);
    for (const route of routes) {
      const path = samplePath(route.path);
      const behavior = behaviorFor(path);
      // A catch-all route (`/{proxy+}`) is the default behaviour; every other has a pattern of its own.
      if (edgePattern(route.path) !== '/*') expect(behavior.PathPattern, `${route.method} ${route.path}`).toBeDefined();
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']));
      expect(behavior.CachePolicyId).toBe(CACHING_DISABLED);
      expect(behavior.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
      // A path with a streamed route goes to that route's Function URL (other methods are sent back to the API at the edge).
      const streamed = routes.some((r) => r.stream && r.path === route.path);
      expect(streamed ? isFunctionUrl(originOf(path)) : isApi(originOf(path)), `${route.method} ${route.path}`).toBe(true);
    }
    for (const path of ['/parley.js', '/parley-chat.js', '/parley-chat.fi.js']) {
      expect(behaviorFor(path).PathPattern, path).toBeDefined();
      expect(bucketOf(originOf(path))).toContain('WidgetBucket');
      expect(originOf(path).OriginAccessControlId).toBeDefined();
    }
    for (const path of ['/dashboard/', '/dashboard/index.html', '/dashboard/assets/main.js', '/dashboard/leads']) {
      expect(behaviorFor(path).PathPattern, path).toBe('/dashboard/*');
      expect(bucketOf(originOf(path))).toContain('DashboardBucket');
      expect(behaviorFor(path).FunctionAssociations).toHaveLength(1);
    }
    expect(behaviors.filter((b) => b.PathPattern === '/v1/*')).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ HttpVersion: 'http2and3', DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
    for (const b of behaviors) expect(b).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
  });

  it('has no public Function URL: each is IAM-authenticated and invocable by the distribution only', () => {
    for (const t of [template, prod, custom]) {
      const urls = Object.values(t.findResources('AWS::Lambda::Url') as Record<string, Resource>);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.Properties.AuthType).toBe('AWS_IAM');
      expect(urls.some((u) => u.Properties.AuthType === 'NONE')).toBe(false);
    }
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission') as Record<string, Resource>).filter(
      (p) => p.Properties.Action === 'lambda:InvokeFunctionUrl',
    );
    expect(permissions).toHaveLength(routes.filter((r) => r.stream).length);
    for (const p of permissions) expect(p.Properties).toMatchObject({ Principal: 'cloudfront.amazonaws.com', SourceArn: expect.anything() });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 'lambda', SigningBehavior: 'always' }),
    });
  });

  it('keeps body-carrying methods and preflights on the HTTP API when a streamed path shares them', () => {
    const paths = streamedPaths(routes);
    expect(paths.map((p) => p.pattern)).toEqual(expect.arrayContaining(['/v1/leads', '/v1/conversations', '/v1/contacts/*', '/v1/export']));
    const conversations = paths.find((p) => p.pattern === '/v1/conversations')!;
    expect(conversations.streamed).toEqual(['GET']);
    expect(conversations.buffered).toEqual(['POST']);
    const contacts = paths.find((p) => p.pattern === '/v1/contacts/*')!;
    expect(contacts.buffered.sort()).toEqual(['DELETE', 'PATCH']);

    // Run the edge function as CloudFront would, with its origin helper recorded.
    const selected: string[] = [];
    const code = streamedPathFunctionCode(['GET']).replace("import cf from 'cloudfront';", '');
    const handler = new Function('cf', `${code}; return handler;`)({ selectRequestOriginById: (id: string) => selected.push(id) }) as (event: unknown) => {
      headers: Record<string, { value: string }>;
    };
    const request = (method: string) => ({
      request: { method, uri: '/v1/conversations', headers: { authorization: { value: 'Bearer pk_secret' }, [RELAYED_AUTHORIZATION]: { value: 'forged' } } },
    });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']) {
      selected.length = 0;
      const out = handler(request(method));
      expect(selected, method).toEqual([API_ORIGIN_ID]);
      expect(out.headers.authorization?.value).toBe('Bearer pk_secret');
    }
    selected.length = 0;
    const get = handler(request('GET'));
    expect(selected).toEqual([]);
    // Origin access control overwrites Authorization: the key travels in its own header.
    expect(get.headers[RELAYED_AUTHORIZATION]?.value).toBe('Bearer pk_secret');

    // And the function behind the Function URL puts it back.
    const event = withViewerAuthorization({
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=…', [RELAYED_AUTHORIZATION]: 'Bearer pk_secret', accept: 'text/csv' },
    });
    expect(event.headers).toEqual({ authorization: 'Bearer pk_secret', accept: 'text/csv' });
    expect(withViewerAuthorization({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=…' } }).headers).toEqual({});
  });

  it('refuses a route table whose buffered GET would fall under a streamed pattern', () => {
    const streamed = routes.find((r) => r.stream)!;
    const table = [
      { ...streamed, path: '/v1/contacts/{contactId}' },
      { ...streamed, path: '/v1/contacts/{contactId}/notes', module: 'get-notes', stream: false },
    ];
    expect(() => streamedPaths(table)).toThrow(/falls under the streamed pattern/);
  });

  it('rewrites dashboard routes to the app shell at the edge, not with distribution-wide error pages', () => {
    const { config } = edgeOf(template);
    expect(config.CustomErrorResponses).toBeUndefined();
    const functions = Object.values(template.findResources('AWS::CloudFront::Function') as Record<string, Resource>);
    const dashboard = functions.find((f) => String(f.Properties.FunctionCode).includes('/dashboard/index.html'))!;
    const rewrite = new Function(`${dashboard.Properties.FunctionCode}; return handler;`)() as (event: unknown) => { uri: string };
    expect(rewrite({ request: { uri: '/dashboard/leads/123' } }).uri).toBe('/dashboard/index.html');
    expect(rewrite({ request: { uri: '/dashboard/' } }).uri).toBe('/dashboard/index.html');
    expect(rewrite({ request: { uri: '/dashboard/assets/main-abc.js' } }).uri).toBe('/dashboard/assets/main-abc.js');
    for (const f of functions) expect(f.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  });

  it('sends security headers with the static parts and uploads the dashboard when it is built', () => {
    const { behaviorFor } = edgeOf(template);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'") }),
          StrictTransportSecurity: Match.anyValue(),
          ContentTypeOptions: Match.anyValue(),
          FrameOptions: Match.anyValue(),
        }),
      }),
    });
    for (const path of ['/parley.js', '/dashboard/']) expect(behaviorFor(path), path).toHaveProperty('ResponseHeadersPolicyId');
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment') as Record<string, Resource>);
    expect(deployments.filter((d) => JSON.stringify(d.Properties.DestinationBucketName).includes('DashboardBucket'))).toHaveLength(2);
    expect(
      Object.values(prod.findResources('Custom::CDKBucketDeployment') as Record<string, Resource>).filter((d) =>
        JSON.stringify(d.Properties).includes('DashboardBucket'),
      ),
    ).toHaveLength(0);
    prod.resourceCountIs('AWS::S3::Bucket', 2);
  });

  it('outputs one URL: the distribution, or the custom domain with TLS 1.2 or later', () => {
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('WidgetCdn'), 'DomainName'] }]] } });
    expect(Object.keys(template.findOutputs('*')).filter((k) => k.endsWith('Url') && !['Url', 'ApiUrl', 'WidgetUrl', 'DashboardUrl'].includes(k))).toEqual([]);
    custom.hasOutput('Url', { Value: 'https://parley.example.com' });
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['parley.example.com'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: Match.stringLikeRegexp('^arn:aws:acm:us-east-1:'),
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
  });

  it('passes cdk-nag (AwsSolutions): nothing unacknowledged, every acknowledgment with its reason', () => {
    expect(nagError).toBeUndefined();
    const report = JSON.parse(readFileSync(join(nagOutdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    expect(report.pluginReports).toEqual([expect.objectContaining({ pluginName: 'AwsSolutions', conclusion: 'success', violations: [] })]);
    // The check does run: a bare bucket in a throwaway app fails it.
    const canary = new App({ outdir: mkdtempSync(join(tmpdir(), 'parley-nag-')) });
    new Bucket(new Stack(canary, 'Canary'), 'Bare');
    Validations.of(canary).addPlugins(new AwsSolutionsChecks(canary));
    expect(() => canary.synth()).toThrow(/AwsSolutions-S1/);
    // Every acknowledgment names one AwsSolutions rule (a finding of it, for
    // IAM4/IAM5) and says why in a sentence.
    const acknowledgments = nagApp.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgments) {
      expect(id).toMatch(/^AwsSolutions::AwsSolutions-(IAM[45]\[.+\]|[A-Z]+\d+)$/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it('serves the live chat socket at /v1/live on the same host, from the WebSocket stage', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution') as Record<string, Resource>);
    const config = distribution!.Properties.DistributionConfig;
    const behavior = (config.CacheBehaviors as { PathPattern: string; TargetOriginId: string }[]).find((b) => b.PathPattern === '/v1/live');
    expect(behavior).toBeDefined();
    const origin = (config.Origins as { Id: string; OriginPath?: string }[]).find((o) => o.Id === behavior!.TargetOriginId);
    expect(origin?.OriginPath).toBe('/live');
  });
});
