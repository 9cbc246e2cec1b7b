import { resolve } from 'node:path';
import { startStack } from '../local/stack';

const stack = await startStack({
  port: Number(process.env.PORT ?? 8787),
  dataDir: resolve('.data'),
  ...(process.env.PARLEY_DYNAMODB_ENDPOINT ? { dynamoEndpoint: process.env.PARLEY_DYNAMODB_ENDPOINT } : {}),
  tableName: process.env.PARLEY_TABLE ?? 'parley',
  trustProxy: process.env.PARLEY_TRUST_PROXY === '1',
  build: true,
});

process.stdout.write(`
Parley is running.
  API         ${stack.url}/v1
  Demo site   ${stack.url}/demo
  Dashboard   ${stack.url}/dashboard
  DynamoDB    ${stack.endpoint} (table ${stack.tableName})
  Mail        ${stack.mail ? `${stack.url}/dev/mail (caught at ${stack.mail.url})` : `sent through ${redactedSmtpUrl(process.env.PARLEY_SMTP_URL)}`}

Demo tenant${stack.demo.created ? ' (created now)' : ''}:
  tenantId    ${stack.demo.tenantId}
  siteKey     ${stack.demo.siteKey}
  apiKey      ${stack.demo.apiKey}
  owner       ${stack.demo.ownerEmail}
  password    ${stack.demo.ownerPassword ?? '(printed on first start; forgotten: POST /v1/auth/reset, the mail shows at /dev/mail)'}

Press Ctrl-C to stop.
`);

/** The relay's address without its password, which has no place in a terminal. */
function redactedSmtpUrl(value: string | undefined): string {
  const url = URL.parse(value ?? '');
  if (!url) return 'PARLEY_SMTP_URL';
  url.password = url.password ? '***' : '';
  return url.href;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
