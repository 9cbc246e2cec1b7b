import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { db, tableName } from '../../lib/dynamo';
import { ApiError } from '../../lib/errors';
import { randomString, sha256 } from '../../lib/ids';
import { signingKey, verifyingKey } from '../../lib/master-keys';
import { ConditionFailed, conditionally } from '../../lib/store';
import { PeopleKeys } from '../../lib/table-keys';
import { type Person, emailHash, getPerson, updatePerson } from './people';

/**
 * TOTP (RFC 6238, otplib) as the second factor. The secret is stored only
 * encrypted (AES-256-GCM under a key derived from the master key), recovery
 * codes only hashed; a sign-in challenge lives five minutes and allows five
 * tries.
 */
const KEY_OWNER = 'people';
const CHALLENGE_SECONDS = 300;
const CHALLENGE_TRIES = 5;
const RECOVERY_CODES = 10;

function seal(secret: string): string {
  const { kid, key } = signingKey(KEY_OWNER, 'totp');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [kid, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

function open(sealed: string): string {
  const [kid = '', iv = '', data = '', tag = ''] = sealed.split('.');
  const key = verifyingKey(KEY_OWNER, 'totp', kid);
  if (!key) throw new Error('the key that sealed this TOTP secret is no longer held');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** The time step a code belongs to, when it is right for the sealed secret. */
async function matchedStep(sealed: string | undefined, code: string): Promise<number | undefined> {
  if (!sealed || !/^\d{6}$/.test(code)) return undefined;
  const now = Date.now();
  const result = await verify({ secret: open(sealed), token: code, epochTolerance: 30, epoch: Math.floor(now / 1000) });
  return result.valid ? Math.floor(now / 30_000) + result.delta : undefined;
}

/** Spends a code's time step: each code works once, even within its 30 seconds (conditional write, so races lose too). */
async function spendStep(person: Person, step: number): Promise<boolean> {
  try {
    await updatePerson(person.email, {
      UpdateExpression: 'SET totpLastStep = :step',
      ConditionExpression: 'attribute_not_exists(totpLastStep) OR totpLastStep < :step',
      ExpressionAttributeValues: { ':step': step },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

const update = (person: Person, expression: string, values?: Record<string, unknown>) =>
  updatePerson(person.email, { UpdateExpression: expression, ...(values ? { ExpressionAttributeValues: values } : {}) });

/** Starts setting up TOTP: a new secret (shown once, as text and as an otpauth:// URI for a QR code). */
export async function beginTotp(person: Person): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = generateSecret();
  await update(person, 'SET totpPending = :s', { ':s': seal(secret) });
  return { secret, otpauthUrl: generateURI({ issuer: 'Parley', label: person.email, secret }) };
}

/** Turns TOTP on once a code from the new secret checks out; answers the recovery codes (shown once). */
export async function confirmTotp(person: Person, code: string): Promise<{ recoveryCodes: string[] }> {
  const current = await getPerson(person.email);
  const pending = (current as (Person & { totpPending?: string }) | undefined)?.totpPending;
  const step = await matchedStep(pending, code);
  if (step === undefined || !(await spendStep(person, step))) throw new ApiError(400, 'invalid_code', 'That code is not right; check the time on your device');
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () =>
    randomString(10)
      .toLowerCase()
      .replace(/(.{5})/, '$1-'),
  );
  await update(person, 'SET totp = :s, recoveryHashes = :r REMOVE totpPending', { ':s': pending, ':r': recoveryCodes.map((c) => sha256(c)) });
  return { recoveryCodes };
}

/** A sign-in that passed the password and now needs the second factor. */
export async function startSecondFactor(person: Person): Promise<string> {
  const hash = emailHash(person.email);
  const challenge = `mfa1.${hash}.${randomString(43)}`;
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: PeopleKeys.mfaChallenge(hash, sha256(challenge)),
      UpdateExpression: 'SET entity = :e, tries = :zero, expiresAt = :ttl',
      ExpressionAttributeValues: { ':e': 'mfaChallenge', ':zero': 0, ':ttl': Math.floor(Date.now() / 1000) + CHALLENGE_SECONDS },
    }),
  );
  return challenge;
}

export const wrongCode = () => new ApiError(401, 'invalid_code', 'The code is not right, or the sign-in took too long: start again');

const SIGN_IN_CHALLENGE = /^mfa1\.([0-9a-f]{64})\.[A-Za-z0-9]{43}$/;

/** The person a live sign-in challenge belongs to (no try counted: asking for passkey options proves nothing yet). */
export async function challengedPerson(challenge: string): Promise<Person> {
  const [, hash = ''] = SIGN_IN_CHALLENGE.exec(challenge) ?? [];
  if (!hash) throw wrongCode();
  const [{ Item: pending }, { Item: person }] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.mfaChallenge(hash, sha256(challenge)), ConsistentRead: true })),
    db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.person(hash), ConsistentRead: true })),
  ]);
  const now = Math.floor(Date.now() / 1000);
  if (!pending || !person || Number(pending.expiresAt) <= now || Number(pending.tries) >= CHALLENGE_TRIES) throw wrongCode();
  return person as Person;
}

/**
 * Counts a try against a sign-in challenge and answers its person while the
 * challenge is still good; `spend` ends the challenge once the second factor
 * has checked out, so it signs in once.
 */
export async function trySignInChallenge(challenge: string): Promise<{ person: Person & { recoveryHashes?: string[] }; spend: () => Promise<void> }> {
  const [, hash = ''] = SIGN_IN_CHALLENGE.exec(challenge) ?? [];
  if (!hash) throw wrongCode();
  const key = PeopleKeys.mfaChallenge(hash, sha256(challenge));
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'ADD tries :one',
          ConditionExpression: 'attribute_exists(PK) AND tries < :max AND expiresAt > :now',
          ExpressionAttributeValues: { ':one': 1, ':max': CHALLENGE_TRIES, ':now': Math.floor(Date.now() / 1000) },
        }),
      ),
    );
  } catch (error) {
    throw error instanceof ConditionFailed ? wrongCode() : error;
  }
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.person(hash), ConsistentRead: true }));
  const person = Item as (Person & { recoveryHashes?: string[] }) | undefined;
  if (!person) throw wrongCode();
  return { person, spend: async () => void (await db().send(new DeleteCommand({ TableName: tableName(), Key: key }))) };
}

/** Finishes a sign-in with a TOTP code or an unused recovery code. */
export async function finishSecondFactor(challenge: string, code: string): Promise<Person> {
  const { person, spend } = await trySignInChallenge(challenge);
  const recovery = person.recoveryHashes?.indexOf(sha256(code.toLowerCase())) ?? -1;
  if (recovery >= 0) {
    await update(person, `REMOVE recoveryHashes[${recovery}]`);
  } else {
    const step = await matchedStep(person.totp, code);
    if (step === undefined || !(await spendStep(person, step))) throw wrongCode();
  }
  await spend();
  return person;
}
