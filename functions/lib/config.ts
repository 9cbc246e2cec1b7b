/**
 * Every setting the functions read from the environment, in one place. Read
 * on use, not at import, so tests and the local stack can change them.
 */
const env = (name: string): string | undefined => process.env[name] || undefined;
const number = (name: string, fallback: number): number => {
  const value = Number(env(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const config = {
  /** The table's name (`PARLEY_TABLE`). */
  tableName: () => env('PARLEY_TABLE') ?? 'parley',
  /** A DynamoDB other than AWS's, e.g. DynamoDB Local (`PARLEY_DYNAMODB_ENDPOINT`). */
  dynamoEndpoint: () => env('PARLEY_DYNAMODB_ENDPOINT'),
  region: () => env('AWS_REGION') ?? 'eu-north-1',
  /** Attempts per DynamoDB call, with the SDK's backoff. */
  dynamoMaxAttempts: () => number('PARLEY_DYNAMODB_MAX_ATTEMPTS', 3),
  /** Requests per minute per secret API key, and per site on the widget routes. */
  rateLimitPerKey: () => number('PARLEY_RATE_LIMIT_PER_KEY', 500),
  rateLimitPerSite: () => number('PARLEY_RATE_LIMIT_PER_SITE', 6_000),
  /** How long an instance trusts its copy of a tenant profile. */
  tenantCacheMs: () => (env('PARLEY_TENANT_CACHE_MS') === '0' ? 0 : number('PARLEY_TENANT_CACHE_MS', 5_000)),
  /** Items one access answer holds at most. */
  accessItemLimit: () => number('PARLEY_ACCESS_ITEM_LIMIT', 10_000),
  debugLogs: () => env('PARLEY_DEBUG') !== undefined,
  /** Master keys: the value, a local file, or a Secrets Manager secret (see master-keys.ts). */
  masterKeys: () => env('PARLEY_MASTER_KEYS'),
  masterKeysFile: () => env('PARLEY_MASTER_KEYS_FILE'),
  masterKeysSecretArn: () => env('PARLEY_MASTER_KEYS_SECRET_ARN'),
  /** The secret CloudFront adds to each API request (`x-parley-edge`): the value, or a Secrets Manager secret. */
  edgeKey: () => env('PARLEY_EDGE_KEY'),
  edgeKeySecretArn: () => env('PARLEY_EDGE_KEY_SECRET_ARN'),
  /** Outgoing mail goes through this SMTP server when set, e.g. `smtp://127.0.0.1:2525` (`PARLEY_SMTP_URL`). */
  smtpUrl: () => env('PARLEY_SMTP_URL'),
  /** The sender of every mail (`PARLEY_MAIL_FROM`); in AWS an identity verified in SES. */
  mailFrom: () => env('PARLEY_MAIL_FROM') ?? 'Parley <no-reply@parley.localhost>',
  /** `PARLEY_WEBHOOKS_ALLOW_LOCAL=1`: webhooks (and CRM calls) may also go to http://127.0.0.1 (development and tests). */
  webhooksAllowLocal: () => env('PARLEY_WEBHOOKS_ALLOW_LOCAL') === '1',
  /**
   * Multiplies the webhook retry schedule's delays (`PARLEY_WEBHOOKS_DELAY_SCALE`, default 1):
   * tests run the whole schedule in moments; production keeps the spec's.
   */
  webhooksDelayScale: () => {
    const value = Number(env('PARLEY_WEBHOOKS_DELAY_SCALE'));
    return Number.isFinite(value) && value > 0 && value <= 1 ? value : 1;
  },
  /** HubSpot's API (`PARLEY_HUBSPOT_API_URL`, default https://api.hubapi.com; tests point it at a local fake). */
  hubspotApiUrl: () => (env('PARLEY_HUBSPOT_API_URL') ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
  /** How often the local delivery worker looks for work (`PARLEY_WORKER_POLL_MS`, default 500). */
  workerPollMs: () => number('PARLEY_WORKER_POLL_MS', 500),
  /** How long a reply that reached no socket of the visitor waits before it is mailed (later replies join the same mail). */
  replyMailDelayMs: () => number('PARLEY_REPLY_MAIL_DELAY_MS', 120_000),
  /** Set by the Lambda runtime: there, mail without SMTP goes through SES. */
  inLambda: () => env('AWS_LAMBDA_FUNCTION_NAME') !== undefined,
};
