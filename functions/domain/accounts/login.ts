import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { ApiError } from '../../lib/errors';
import { sha256 } from '../../lib/ids';
import { PeopleKeys } from '../../lib/table-keys';
import { decoyHash, verifyPassword } from './passwords';
import { type Person, emailHash, getPerson } from './people';

/**
 * Failed sign-ins allowed per window: per account (whoever tries it) and per
 * client network (whatever accounts it tries). Past either, every attempt is
 * refused with the same answer, whether or not the email exists.
 */
export const LOGIN_LIMITS = { windowMs: 15 * 60 * 1000, perAccount: 5, perNetwork: 30 } as const;

const refused = () => new ApiError(401, 'invalid_credentials', 'The email or password is not right');
const throttled = (retryAfter: number) =>
  new ApiError(429, 'too_many_attempts', 'Too many sign-in attempts. Try again later.', undefined, { 'Retry-After': String(retryAfter) });

const windowOf = (now: number) => Math.floor(now / LOGIN_LIMITS.windowMs);

async function failuresSoFar(subjects: string[], now: number): Promise<number[]> {
  return Promise.all(
    subjects.map(async (subject) => {
      const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.loginAttempts(subject, windowOf(now)) }));
      return Number(Item?.count ?? 0);
    }),
  );
}

async function countFailure(subjects: string[], now: number): Promise<void> {
  const window = windowOf(now);
  await Promise.all(
    subjects.map((subject) =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: PeopleKeys.loginAttempts(subject, window),
          UpdateExpression: 'SET entity = :e, expiresAt = :ttl ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':e': 'loginAttempts', ':ttl': Math.floor(((window + 2) * LOGIN_LIMITS.windowMs) / 1000), ':one': 1 },
        }),
      ),
    ),
  );
}

/**
 * Checks an email and password, throttled per account and per client
 * network (the masked network, never the address). Returns the person;
 * every failure looks the same to the caller.
 */
export async function checkPassword(email: string, password: string, network: string): Promise<Person> {
  const now = Date.now();
  const subjects = [`acct:${emailHash(email)}`, `net:${sha256(network)}`];
  const [account = 0, net = 0] = await failuresSoFar(subjects, now);
  if (account >= LOGIN_LIMITS.perAccount || net >= LOGIN_LIMITS.perNetwork) {
    throw throttled(Math.ceil(((windowOf(now) + 1) * LOGIN_LIMITS.windowMs - now) / 1000));
  }
  const person = await getPerson(email);
  // The same work whether or not the account exists, so timing tells nothing either.
  const ok = await verifyPassword(password, person?.passwordHash ?? (await decoyHash()));
  if (!person?.passwordHash || !ok || Object.keys(person.memberships ?? {}).length === 0) {
    await countFailure(subjects, now);
    throw refused();
  }
  return person;
}
