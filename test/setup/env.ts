import { inject } from 'vitest';

// Every test file talks to the run's DynamoDB Local unless it starts its own.
process.env.PARLEY_DYNAMODB_ENDPOINT ??= inject('dynamoEndpoint');
process.env.PARLEY_TABLE ??= inject('tableName');
process.env.PARLEY_MASTER_KEYS ??= inject('masterKeys');
// Mail goes to the run's catcher (test/setup/mail.ts), never out, whatever the shell names.
process.env.PARLEY_SMTP_URL = inject('smtpUrl');
process.env.PARLEY_TENANT_CACHE_MS = '0';
// Webhook receivers in tests listen on 127.0.0.1, and the retry schedule runs in moments (every
// test server's delivery worker polls the same table, so they all share these).
process.env.PARLEY_WEBHOOKS_ALLOW_LOCAL ??= '1';
process.env.PARLEY_WEBHOOKS_DELAY_SCALE ??= '0.00001';
process.env.PARLEY_WORKER_POLL_MS ??= '200';
// A reply to an away visitor is mailed moments later, not two minutes.
process.env.PARLEY_REPLY_MAIL_DELAY_MS ??= '300';
