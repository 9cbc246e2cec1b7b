import { inject } from 'vitest';

// Every test file talks to the run's DynamoDB Local unless it starts its own.
process.env.PARLEY_DYNAMODB_ENDPOINT ??= inject('dynamoEndpoint');
process.env.PARLEY_TABLE ??= inject('tableName');
process.env.PARLEY_MASTER_KEYS ??= inject('masterKeys');
// Mail goes to the run's catcher (test/setup/mail.ts), never out, whatever the shell names.
process.env.PARLEY_SMTP_URL = inject('smtpUrl');
process.env.PARLEY_TENANT_CACHE_MS = '0';
