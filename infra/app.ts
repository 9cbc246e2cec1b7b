import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle } from '../functions/local/stack';
import { ParleyStack } from './parley-stack';

/**
 * The CDK app: `npm run synth` (offline, no credentials) and `npm run deploy`.
 * Context: `-c stage=prod` (default dev), `-c kms=true` for a customer-managed key.
 */
const app = new App();
const stage = app.node.tryGetContext('stage') === 'prod' ? 'prod' : 'dev';
const widgetDir = join(import.meta.dirname, '..', 'widget', 'dist');
if (!existsSync(join(widgetDir, 'parley.js'))) buildBundle('widget/vite.config.ts');

new ParleyStack(app, `Parley-${stage}`, {
  stage,
  customerManagedKey: String(app.node.tryGetContext('kms')) === 'true',
  widgetDir,
  description: `Parley chat and lead capture (${stage})`,
});
