import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { config } from './config';
import { secretString } from './secrets';

/**
 * Per-tenant signing keys, derived with HKDF-SHA256 from a master secret that
 * lives outside the table, so reading the table is not enough to forge a
 * visitor token or a cursor.
 *
 * `PARLEY_MASTER_KEYS` holds one or more `kid:base64secret` entries separated
 * by commas; the first signs, all of them verify (rotation: put the new key
 * first, drop the old one once nothing it signed is still in use). In AWS the
 * value comes from the Secrets Manager secret named by
 * `PARLEY_MASTER_KEYS_SECRET_ARN` (read at cold start, then every few
 * minutes, so a rotation reaches running instances); locally from
 * `PARLEY_MASTER_KEYS_FILE` (`npm start` keeps it in `.data/master-keys`,
 * created on first start). A bare value without `kid:` is the key `k0`, its
 * characters the secret (what Secrets Manager generates).
 */
export type KeyPurpose = 'visitor-token' | 'cursor' | 'csrf' | 'totp' | 'live-token' | 'webhook-secret' | 'crm-token';

interface MasterKey {
  kid: string;
  secret: Buffer;
}

let cached: { source: string; keys: MasterKey[] } | undefined;

const KID = /^[a-z0-9]{1,8}$/;

export function parseMasterKeys(source: string): MasterKey[] {
  const keys = source
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      const kid = at < 0 ? 'k0' : entry.slice(0, at);
      const secret = at < 0 ? Buffer.from(entry, 'utf8') : Buffer.from(entry.slice(at + 1), 'base64');
      if (at === 0 || !KID.test(kid) || secret.length < 32) throw new Error('PARLEY_MASTER_KEYS entries must be kid:base64 with at least 32 bytes of secret');
      return { kid, secret };
    });
  if (keys.length === 0) throw new Error('PARLEY_MASTER_KEYS is empty');
  return keys;
}

/** A new `kid:base64` entry (for first start and for rotation). */
export function newMasterKeyEntry(kid = `k${Date.now().toString(36).slice(-6)}`): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

/** Makes sure a local key file exists and points the process at it. */
export function ensureLocalMasterKeys(file: string): void {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${newMasterKeyEntry('k1')}\n`, { mode: 0o600 });
  }
  process.env.PARLEY_MASTER_KEYS_FILE ??= file;
}

let fromSecret: string | undefined;

/**
 * Reads the master keys from Secrets Manager when the deployment names a
 * secret (once per cold start and then every few minutes); a no-op
 * otherwise. Routes call it before anything signs or verifies.
 */
export async function loadMasterKeys(): Promise<void> {
  const arn = config.masterKeysSecretArn();
  if (!arn || config.masterKeys()) return;
  fromSecret = (await secretString(arn)) ?? fromSecret;
}

function masterKeys(): MasterKey[] {
  const file = config.masterKeysFile();
  const source = config.masterKeys() ?? fromSecret ?? (file && existsSync(file) ? readFileSync(file, 'utf8') : '');
  if (!source) throw new Error('No master key: set PARLEY_MASTER_KEYS (or PARLEY_MASTER_KEYS_FILE)');
  if (cached?.source !== source) cached = { source, keys: parseMasterKeys(source) };
  return cached.keys;
}

const derived = new Map<string, Buffer>();

function derive(master: MasterKey, tenantId: string, purpose: KeyPurpose): Buffer {
  const id = `${master.kid}|${tenantId}|${purpose}`;
  let key = derived.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', master.secret, Buffer.from(`parley|${tenantId}`), Buffer.from(purpose), 32));
    if (derived.size > 10_000) derived.clear();
    derived.set(id, key);
  }
  return key;
}

/** The key that signs new tokens or cursors of a tenant, with its id. */
export function signingKey(tenantId: string, purpose: KeyPurpose): { kid: string; key: Buffer } {
  const current = masterKeys()[0]!;
  return { kid: current.kid, key: derive(current, tenantId, purpose) };
}

/** The key a token or cursor names by `kid`, if that master key is still held. */
export function verifyingKey(tenantId: string, purpose: KeyPurpose, kid: string): Buffer | undefined {
  const master = masterKeys().find((k) => k.kid === kid);
  return master ? derive(master, tenantId, purpose) : undefined;
}
