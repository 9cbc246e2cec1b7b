import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle } from '../local/stack';
import { ParleyStack } from './parley-stack';

/**
 * The CDK app: `npm run synth` (offline, no credentials) and `npm run deploy`.
 * Context: `-c stage=prod` (default dev), `-c kms=true` for a customer-managed key,
 * `-c domain=parley.example.com -c certificateArn=arn:aws:acm:us-east-1:…` for a custom domain.
 */
const app = new App();
const stage = app.node.tryGetContext('stage') === 'prod' ? 'prod' : 'dev';
const root = join(import.meta.dirname, '..');
const widgetDir = join(root, 'widget', 'dist');
if (!existsSync(join(widgetDir, 'parley.js'))) buildBundle('widget/vite.config.ts');
const dashboardDir = join(root, 'dashboard', 'dist');
if (!existsSync(join(dashboardDir, 'index.html'))) buildBundle('dashboard/vite.config.ts');

const domain = app.node.tryGetContext('domain') as string | undefined;
const certificateArn = app.node.tryGetContext('certificateArn') as string | undefined;
// CloudFront takes certificates from us-east-1 only; a wrong region fails the deployment late.
if (Boolean(domain) !== Boolean(certificateArn)) throw new Error('-c domain and -c certificateArn go together');
if (certificateArn && !certificateArn.startsWith('arn:aws:acm:us-east-1:'))
  throw new Error('-c certificateArn: CloudFront needs an ACM certificate in us-east-1');

new ParleyStack(app, `Parley-${stage}`, {
  stage,
  customerManagedKey: String(app.node.tryGetContext('kms')) === 'true',
  widgetDir,
  ...(existsSync(join(dashboardDir, 'index.html')) ? { dashboardDir } : {}),
  ...(domain && certificateArn ? { domain: { name: domain, certificateArn } } : {}),
  ...(app.node.tryGetContext('mailFrom') ? { mailFrom: String(app.node.tryGetContext('mailFrom')) } : {}),
  description: `Parley chat and lead capture (${stage})`,
});
