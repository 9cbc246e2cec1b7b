import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type KeyPurpose, signingKey, verifyingKey } from './master-keys';

/**
 * Secrets Parley must use again later (webhook signing secrets, CRM tokens)
 * are stored sealed: AES-256-GCM under a key derived from the master key for
 * the owner (a tenant) and purpose, as `kid.iv.data.tag`. Reading the table
 * is not enough to read them.
 */
export function sealSecret(owner: string, purpose: KeyPurpose, secret: string): string {
  const { kid, key } = signingKey(owner, purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [kid, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The secret a `sealSecret` call sealed; throws when the key is no longer held or the value was changed. */
export function openSecret(owner: string, purpose: KeyPurpose, sealed: string): string {
  const [kid = '', iv = '', data = '', tag = ''] = sealed.split('.');
  const key = verifyingKey(owner, purpose, kid);
  if (!key) throw new Error('the key that sealed this secret is no longer held');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
