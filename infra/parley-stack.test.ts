import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, scheduledJobs } from '../functions/routes';
import { ParleyStack } from './parley-stack';

let template: Template;
let prod: Template;

type Resource = { Type: string; Properties: Record<string, any> };

beforeAll(() => {
  // A stand-in widget folder: the stack only uploads it.
  const widgetDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  mkdirSync(widgetDir, { recursive: true });
  writeFileSync(join(widgetDir, 'parley.js'), '/* widget */');
  // Bundle the functions once (for Dev); Prod's template is the same code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': ['Dev'] } });
  const dev = new ParleyStack(app, 'Dev', { stage: 'dev', widgetDir });
  const prodStack = new ParleyStack(app, 'Prod', { stage: 'prod', customerManagedKey: true, widgetDir });
  template = Template.fromStack(dev);
  prod = Template.fromStack(prodStack);
}, 180_000);

const ours = (t: Template) =>
  Object.values(t.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter((r) => r.Properties.Environment?.Variables?.PARLEY_TABLE);

describe('the CDK stack generated from the route table', () => {
  it('has one function per route and per scheduled job, all Node 24 on arm64 with log retention', () => {
    const fns = ours(template);
    expect(fns).toHaveLength(routes.length + scheduledJobs.length);
    const logGroups = template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>;
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('routes every buffered route through the HTTP API and streams the exports from Function URLs', () => {
    const buffered = routes.filter((r) => !r.stream);
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(buffered.map((r) => `${r.method} ${r.path}`).sort());
    template.resourceCountIs('AWS::Lambda::Url', routes.filter((r) => r.stream).length);
    template.allResourcesProperties('AWS::Lambda::Url', { InvokeMode: 'RESPONSE_STREAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { Format: Match.not(Match.stringLikeRegexp('sourceIp')) },
    });
  });

  it('keeps data in an on-demand table with PITR, TTL, encryption and the two indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'GSI1' }), Match.objectLike({ IndexName: 'GSI2' })],
    });
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true, SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }) }),
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
    const readOnly = routes.filter((r) => r.access === 'read').length;
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).map((p) => JSON.stringify(p.Properties.PolicyDocument));
    const withDelete = policies.filter((p) => p.includes('dynamodb:DeleteItem')).length;
    expect(withDelete).toBe(routes.length + scheduledJobs.length - readOnly);
  });

  it('runs the purge on a schedule and alarms on 5xx rate, throttles and purge failures', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: scheduledJobs[0]!.schedule, State: 'ENABLED' });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>).map((a) => String(a.Properties.AlarmDescription));
    expect(alarms).toEqual(expect.arrayContaining([expect.stringMatching(/5xx/), expect.stringMatching(/Lambda functions are being throttled/), expect.stringMatching(/DynamoDB requests are being throttled/), expect.stringMatching(/purge failed/)]));
  });

  it('serves the widget from a private bucket through CloudFront with origin access control and compression', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
    template.hasOutput('ApiUrl', {});
    template.hasOutput('WidgetUrl', {});
    template.hasOutput('TableName', {});
  });

  it('gives every function the master-key secret to read, and holds no key material in the template', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret') as Record<string, Resource>;
    const [secretId] = Object.keys(secrets);
    expect(Object.keys(secrets)).toHaveLength(1);
    expect(secrets[secretId!]?.Properties.GenerateSecretString).toBeDefined();
    expect(secrets[secretId!]?.Properties.SecretString).toBeUndefined();
    for (const fn of ours(template)) {
      expect(fn.Properties.Environment.Variables.PARLEY_MASTER_KEYS_SECRET_ARN).toEqual({ Ref: secretId });
      expect(fn.Properties.Environment.Variables.PARLEY_MASTER_KEYS).toBeUndefined();
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']), Resource: { Ref: secretId } })]) },
    });
  });
});
