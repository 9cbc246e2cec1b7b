/** How long a secret read from Secrets Manager is trusted before it is read again (a rotation reaches running instances). */
const REFRESH_MS = 5 * 60 * 1000;
const read = new Map<string, { value: string; at: number }>();

/**
 * A Secrets Manager secret's string: read on first use in an instance and
 * then again every few minutes. The client is loaded only here, so an
 * instance without secrets (`npm start`, tests) never loads it.
 */
export async function secretString(arn: string): Promise<string | undefined> {
  const known = read.get(arn);
  if (known && Date.now() - known.at < REFRESH_MS) return known.value;
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (out.SecretString) read.set(arn, { value: out.SecretString, at: Date.now() });
  } finally {
    client.destroy();
  }
  return read.get(arn)?.value;
}
