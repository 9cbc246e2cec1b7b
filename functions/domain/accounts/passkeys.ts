import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { db, tableName } from '../../lib/dynamo';
import { ApiError, notFound } from '../../lib/errors';
import { sha256 } from '../../lib/ids';
import { ConditionFailed, conditionally } from '../../lib/store';
import { PeopleKeys } from '../../lib/table-keys';
import { type Person, type StoredPasskey, emailHash, updatePerson } from './people';
import { challengedPerson, trySignInChallenge } from './totp';

/** The WebAuthn library and its CBOR and ASN.1 parsers, loaded when a ceremony needs them, not at every cold start. */
const webauthn = () => import('@simplewebauthn/server');

/**
 * Passkeys (WebAuthn, @simplewebauthn/server) as a second factor beside
 * TOTP. The table holds only public keys and the hashes of challenges; a
 * challenge is spent on its first use and lives five minutes.
 */
const CHALLENGE_SECONDS = 300;
/** Enough for every device a person uses; keeps the person item small. */
const MAX_PASSKEYS = 20;

/** Where the ceremony runs: the RP ID the credential is bound to and the page's origin, checked by the HTTP layer. */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

type Purpose = 'register' | 'signIn';

const passkeysOf = (person: Person): StoredPasskey[] => Object.values(person.passkeys ?? {}).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
const descriptors = (person: Person) => passkeysOf(person).map((p) => ({ id: p.id, ...(p.transports ? { transports: p.transports } : {}) }));

async function keepChallenge(person: Person, challenge: string, purpose: Purpose, signInHash?: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...PeopleKeys.webauthnChallenge(emailHash(person.email), sha256(challenge)),
        entity: 'webauthnChallenge',
        purpose,
        ...(signInHash ? { signIn: signInHash } : {}),
        expiresAt: Math.floor(Date.now() / 1000) + CHALLENGE_SECONDS,
      },
    }),
  );
}

/** Spends a WebAuthn challenge: good once, for what it was made for (and, at sign-in, for that sign-in), before it expires. */
async function spendChallenge(person: Person, challenge: string, purpose: Purpose, signInHash?: string): Promise<boolean> {
  try {
    await conditionally(
      db().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: PeopleKeys.webauthnChallenge(emailHash(person.email), sha256(challenge)),
          ConditionExpression: `attribute_exists(PK) AND purpose = :p AND expiresAt > :now${signInHash ? ' AND signIn = :s' : ''}`,
          ExpressionAttributeValues: { ':p': purpose, ':now': Math.floor(Date.now() / 1000), ...(signInHash ? { ':s': signInHash } : {}) },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/** Options for adding a passkey: the person's existing ones are excluded, so one authenticator is not added twice. */
export async function registrationOptions(person: Person, rp: Pick<RelyingParty, 'rpID'>): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: 'Parley',
    rpID: rp.rpID,
    userName: person.email,
    userDisplayName: person.name || person.email,
    userID: new TextEncoder().encode(person.userId),
    attestationType: 'none',
    excludeCredentials: descriptors(person),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await keepChallenge(person, options.challenge, 'register');
  return options;
}

const notVerified = () => new ApiError(400, 'invalid_passkey', 'The passkey could not be verified: try again');

/** Verifies a new passkey and keeps its public key; answers whether it is the person's first. */
export async function addPasskey(person: Person, response: RegistrationResponseJSON, rp: RelyingParty, name?: string): Promise<{ first: boolean }> {
  const existing = passkeysOf(person);
  if (existing.length >= MAX_PASSKEYS) throw new ApiError(409, 'too_many_passkeys', `A person may have at most ${MAX_PASSKEYS} passkeys`);
  const verification = await (await webauthn())
    .verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => spendChallenge(person, challenge, 'register'),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    })
    .catch(() => {
      throw notVerified();
    });
  if (!verification.verified) throw notVerified();
  const { credential } = verification.registrationInfo;
  const stored: StoredPasskey = {
    id: credential.id,
    name: name?.trim() || `Passkey ${existing.length + 1}`,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    ...(credential.transports?.length ? { transports: credential.transports } : {}),
    createdAt: new Date().toISOString(),
  };
  // A nested path cannot be set under a map that does not exist yet: the first passkey makes the map.
  try {
    await updatePerson(person.email, {
      UpdateExpression: 'SET passkeys.#id = :p',
      ConditionExpression: 'attribute_exists(passkeys) AND attribute_not_exists(passkeys.#id)',
      ExpressionAttributeNames: { '#id': stored.id },
      ExpressionAttributeValues: { ':p': stored },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    await updatePerson(person.email, {
      UpdateExpression: 'SET passkeys = :m',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(passkeys)',
      ExpressionAttributeValues: { ':m': { [stored.id]: stored } },
    }).catch((e: unknown) => {
      throw e instanceof ConditionFailed ? new ApiError(409, 'passkey_exists', 'This passkey is already added') : e;
    });
  }
  return { first: existing.length === 0 };
}

/** The person's passkeys, oldest first; never a key. */
export const listPasskeys = (person: Person) =>
  passkeysOf(person).map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, ...(p.lastUsedAt ? { lastUsedAt: p.lastUsedAt } : {}) }));

export async function removePasskey(person: Person, id: string): Promise<void> {
  await updatePerson(person.email, {
    UpdateExpression: 'REMOVE passkeys.#id',
    ConditionExpression: 'attribute_exists(passkeys.#id)',
    ExpressionAttributeNames: { '#id': id },
  }).catch((error: unknown) => {
    throw error instanceof ConditionFailed ? notFound('Passkey') : error;
  });
}

const wrongPasskey = () => new ApiError(401, 'invalid_passkey', 'The passkey was not accepted, or the sign-in took too long: start again');

/** Options for finishing a sign-in with a passkey: the challenge is bound to that sign-in. */
export async function signInOptions(signInChallenge: string, rp: Pick<RelyingParty, 'rpID'>): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const person = await challengedPerson(signInChallenge);
  if (passkeysOf(person).length === 0) throw new ApiError(400, 'no_passkey', 'This account has no passkey');
  const options = await (await webauthn()).generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: descriptors(person),
    userVerification: 'preferred',
  });
  await keepChallenge(person, options.challenge, 'signIn', sha256(signInChallenge));
  return options;
}

/** Finishes a sign-in with a passkey of the person; the sign-in challenge counts a try and is spent on success. */
export async function finishWithPasskey(signInChallenge: string, response: AuthenticationResponseJSON, rp: RelyingParty): Promise<Person> {
  const { person, spend } = await trySignInChallenge(signInChallenge);
  const stored = person.passkeys?.[response.id];
  if (!stored) throw wrongPasskey();
  const result = await (await webauthn())
    .verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => spendChallenge(person, challenge, 'signIn', sha256(signInChallenge)),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
        ...(stored.transports ? { transports: stored.transports } : {}),
      },
      requireUserVerification: false,
    })
    .catch(() => {
      throw wrongPasskey();
    });
  if (!result.verified) throw wrongPasskey();
  const counter = result.authenticationInfo.newCounter;
  // Authenticators that keep no counter always say 0; any other must move forward (a conditional write, so a replay racing this one loses).
  await updatePerson(person.email, {
    UpdateExpression: 'SET passkeys.#id.#c = :n, passkeys.#id.lastUsedAt = :now',
    ConditionExpression: counter > 0 ? 'passkeys.#id.#c < :n' : 'passkeys.#id.#c = :n',
    ExpressionAttributeNames: { '#id': stored.id, '#c': 'counter' },
    ExpressionAttributeValues: { ':n': counter, ':now': new Date().toISOString() },
  }).catch((error: unknown) => {
    throw error instanceof ConditionFailed ? wrongPasskey() : error;
  });
  await spend();
  return person;
}
