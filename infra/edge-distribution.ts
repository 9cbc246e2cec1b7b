import { type CfnResource, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  FunctionUrlOriginAccessControl,
  S3OriginAccessControl,
  SecurityPolicyProtocol,
  Signing,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { Route } from '../functions/routes';
import { API_ORIGIN_ID, DASHBOARD_FUNCTION_CODE, ROOT_FUNCTION_CODE, streamedPathFunctionCode, streamedPaths } from './edge';

/** A custom domain for the distribution; its ACM certificate must be in us-east-1. */
export interface EdgeDomain {
  name: string;
  certificateArn: string;
}

export interface EdgeDistributionProps {
  api: IHttpApi;
  /** Function URL of each streamed route. */
  functionUrls: ReadonlyMap<Route, FunctionUrl>;
  routes: readonly Route[];
  prod: boolean;
  removalPolicy: RemovalPolicy;
  /** Folder with the built widget. */
  widgetDir: string;
  /** Folder with the built dashboard; none, nothing is uploaded. */
  dashboardDir?: string | undefined;
  domain?: EdgeDomain | undefined;
  /** The live chat's WebSocket API, served at `/v1/live` on the same host. */
  live?: { apiId: string; stage: string } | undefined;
  /** Sent as `X-Parley-Edge` to every API origin (a dynamic reference to the secret, resolved at deploy). */
  edgeKey: string;
}

/** Widget bundles: the launcher, the lazily loaded panel in each locale and the live chat chunk. */
export const WIDGET_PATTERNS = ['/parley.js', '/parley-chat*.js', '/parley-live.js'] as const;
export const DASHBOARD_PATTERN = '/dashboard/*';

export interface Edge {
  distribution: Distribution;
  widgetBucket: Bucket;
  dashboardBucket: Bucket;
  /** `https://` plus the custom domain or the distribution's own. */
  url: string;
}

/**
 * One CloudFront distribution in front of everything: `/v1/*` (and any other
 * unknown path) to the HTTP API, each streamed route's path to its Function
 * URL, the widget and the dashboard from private buckets. Made in the stack's own scope, so the
 * widget's bucket, deployment and distribution keep their logical ids: the
 * distribution's domain, already in embed snippets, stays the same.
 */
export function addEdgeDistribution(scope: Construct, props: EdgeDistributionProps): Edge {
  const bucket = (name: string) =>
    new Bucket(scope, name, {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: !props.prod,
    });
  const widgetBucket = bucket('WidgetBucket');
  const dashboardBucket = bucket('DashboardBucket');
  for (const b of [widgetBucket, dashboardBucket]) {
    Validations.of(b).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Holds public build output, read only by CloudFront (origin access control) and written only by the deployment; a log bucket would log nothing worth keeping',
    });
  }
  // One access control for both buckets, one for every Function URL.
  const s3Access = new S3OriginAccessControl(scope, 'BucketAccess', { signing: Signing.SIGV4_ALWAYS });
  const lambdaAccess = new FunctionUrlOriginAccessControl(scope, 'FunctionUrlAccess', { signing: Signing.SIGV4_ALWAYS });
  const widgetOrigin = S3BucketOrigin.withOriginAccessControl(widgetBucket, { originAccessControl: s3Access });
  const dashboardOrigin = S3BucketOrigin.withOriginAccessControl(dashboardBucket, { originAccessControl: s3Access });

  const stack = Stack.of(scope);
  const customHeaders = { 'X-Parley-Edge': props.edgeKey };
  const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
    originId: API_ORIGIN_ID,
    customHeaders,
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
  });
  const dynamic = {
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    compress: true,
  } satisfies Omit<BehaviorOptions, 'origin'>;

  const behaviors: Record<string, BehaviorOptions> = {};
  const functions = new Map<string, EdgeFunction>();
  for (const path of streamedPaths(props.routes)) {
    const url = props.functionUrls.get(path.route);
    if (!url) throw new Error(`${path.route.method} ${path.route.path} streams but has no Function URL`);
    // One function per set of streamed methods (in practice one: GET).
    const key = [...path.streamed].sort().join(',');
    let fn = functions.get(key);
    if (!fn) {
      fn = new EdgeFunction(scope, `StreamedPaths${key.replace(/,/g, '')}`, {
        runtime: FunctionRuntime.JS_2_0,
        code: FunctionCode.fromInline(streamedPathFunctionCode(path.streamed)),
        comment: `Sends ${key} to the Function URL, every other method to the HTTP API`,
      });
      functions.set(key, fn);
    }
    behaviors[path.pattern] = {
      ...dynamic,
      origin: FunctionUrlOrigin.withOriginAccessControl(url, { originAccessControl: lambdaAccess, readTimeout: Duration.seconds(60), customHeaders }),
      functionAssociations: [{ function: fn, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
  }
  behaviors['/v1/*'] = { ...dynamic, origin: apiOrigin };
  if (props.live) {
    // A WebSocket API answers at its stage's root: `/v1/live` becomes `/<stage>/` at the origin.
    behaviors['/v1/live'] = {
      ...dynamic,
      origin: new HttpOrigin(`${props.live.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        originPath: `/${props.live.stage}`,
        customHeaders,
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      functionAssociations: [
        {
          function: new EdgeFunction(scope, 'LiveSocket', {
            runtime: FunctionRuntime.JS_2_0,
            code: FunctionCode.fromInline("function handler(event) { event.request.uri = '/'; return event.request; }"),
            comment: 'The live chat socket: /v1/live to the WebSocket stage root',
          }),
          eventType: FunctionEventType.VIEWER_REQUEST,
        },
      ],
    };
  }

  const widget = {
    origin: widgetOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    compress: true,
    cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    // Loaded from customers' pages: CORS for any origin, plus the security headers.
    responseHeadersPolicy: ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_WITH_PREFLIGHT_AND_SECURITY_HEADERS,
  } satisfies BehaviorOptions;
  for (const pattern of WIDGET_PATTERNS) behaviors[pattern] = widget;

  const dashboardHeaders = new ResponseHeadersPolicy(scope, 'DashboardHeaders', {
    comment: 'Parley dashboard: security headers',
    securityHeadersBehavior: {
      // The preview page is framed by the dashboard itself; styles may be
      // inline (the widget's fallback when constructable stylesheets are missing).
      contentSecurityPolicy: {
        contentSecurityPolicy:
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.SAMEORIGIN, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
    },
  });
  behaviors[DASHBOARD_PATTERN] = {
    origin: dashboardOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    compress: true,
    cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    responseHeadersPolicy: dashboardHeaders,
    // A viewer-request rewrite, not distribution-wide error responses,
    // which would turn the API's own 404s into the dashboard too.
    functionAssociations: [
      {
        function: new EdgeFunction(scope, 'DashboardRoutes', { runtime: FunctionRuntime.JS_2_0, code: FunctionCode.fromInline(DASHBOARD_FUNCTION_CODE) }),
        eventType: FunctionEventType.VIEWER_REQUEST,
      },
    ],
  };

  const certificate = props.domain ? Certificate.fromCertificateArn(scope, 'Certificate', props.domain.certificateArn) : undefined;
  const distribution = new Distribution(scope, 'WidgetCdn', {
    comment: 'Parley: API, streamed exports, widget and dashboard',
    // Any other path is the API's (its catch-all route answers 404 in the
    // API's error shape), except the bare host, which leads to the dashboard.
    defaultBehavior: {
      ...dynamic,
      origin: apiOrigin,
      functionAssociations: [
        {
          function: new EdgeFunction(scope, 'Root', { runtime: FunctionRuntime.JS_2_0, code: FunctionCode.fromInline(ROOT_FUNCTION_CODE) }),
          eventType: FunctionEventType.VIEWER_REQUEST,
        },
      ],
    },
    additionalBehaviors: behaviors,
    httpVersion: HttpVersion.HTTP2_AND_3,
    ...(props.domain && certificate ? { domainNames: [props.domain.name], certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
  });
  const url = `https://${props.domain?.name ?? distribution.distributionDomainName}`;
  Validations.of(distribution).acknowledge(
    { id: 'AwsSolutions::AwsSolutions-CFR1', reason: "The widget runs on customers' sites wherever their visitors are; no country is excluded" },
    {
      id: 'AwsSolutions::AwsSolutions-CFR2',
      reason:
        'No WAF (a web ACL costs more a month than the rest of a small deployment): the HTTP API stage is throttled and every route rate-limits per site key or API key',
    },
    {
      id: 'AwsSolutions::AwsSolutions-CFR3',
      reason:
        'No CloudFront access logs: they would record client addresses, which Parley keeps out of its logs; the HTTP API access log (without addresses) and the function logs record the requests',
    },
    ...(props.domain
      ? []
      : [
          {
            id: 'AwsSolutions::AwsSolutions-CFR4',
            reason:
              'Without a custom domain CloudFront serves its own *.cloudfront.net certificate, whose minimum TLS version cannot be set; with -c domain the distribution requires TLS 1.2 (TLSv1.2_2021)',
          },
        ]),
  );

  // parley.js keeps its URL, so browsers revalidate it after five minutes;
  // CloudFront's copy is refreshed by the deployment's invalidation.
  new BucketDeployment(scope, 'WidgetDeployment', {
    sources: [Source.asset(props.widgetDir)],
    destinationBucket: widgetBucket,
    distribution,
    distributionPaths: [...WIDGET_PATTERNS.map((p) => p.replace('*.js', '*'))],
    cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.minutes(5)), CacheControl.staleWhileRevalidate(Duration.days(1))],
  });
  if (props.dashboardDir) {
    // Assets carry a content hash in their names and never change; the
    // pages keep their URLs, so every load revalidates them. Excluded files
    // are left alone by the other deployment's pruning.
    new BucketDeployment(scope, 'DashboardAssets', {
      sources: [Source.asset(props.dashboardDir)],
      destinationBucket: dashboardBucket,
      destinationKeyPrefix: 'dashboard/',
      exclude: ['*.html'],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
    });
    new BucketDeployment(scope, 'DashboardPages', {
      sources: [Source.asset(props.dashboardDir)],
      destinationBucket: dashboardBucket,
      destinationKeyPrefix: 'dashboard/',
      exclude: ['*'],
      include: ['*.html'],
      cacheControl: [CacheControl.noCache()],
      distribution,
      distributionPaths: ['/dashboard/*'],
    });
  }
  // The one function behind every BucketDeployment, made by aws-cdk-lib.
  for (const handler of scope.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'Deployment-time function of BucketDeployment: the managed policy only lets it write its logs',
      },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'Runtime chosen by aws-cdk-lib for BucketDeployment; it runs only during deployments' },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Granted by BucketDeployment to copy the build from the CDK asset bucket into the widget and dashboard buckets and prune old files; only those buckets',
      })),
      ...[
        'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        ...[widgetBucket, dashboardBucket].map((b) => `<${Stack.of(b).getLogicalId(b.node.defaultChild as CfnResource)}.Arn>/*`),
      ].map((resource) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
        reason: 'Objects of the CDK asset bucket and of the two site buckets, which the deployment copies and prunes',
      })),
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'cloudfront:CreateInvalidation and GetInvalidation have no resource-level permissions' },
    );
  }
  return { distribution, widgetBucket, dashboardBucket, url };
}
