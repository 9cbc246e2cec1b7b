import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { ApiError } from '../../lib/errors';
import { randomString, sha256 } from '../../lib/ids';
import { PeopleKeys } from '../../lib/table-keys';
import { publicUrl } from './invitations';
import { type Person, emailHash, getPerson, setPassword } from './people';
import { endAllSessions } from './sessions';

/** How long a reset link works. */
const RESET_MINUTES = 60;

const invalid = () => new ApiError(400, 'invalid_reset', 'This reset link is not valid, was already used or has expired');

/**
 * A single-use, expiring reset link for a person who exists (stored hashed);
 * undefined for an unknown email, which the caller answers exactly like a
 * known one.
 */
export async function createPasswordReset(email: string): Promise<{ person: Person; resetUrl: string } | undefined> {
  const person = await getPerson(email);
  if (!person?.passwordHash) return undefined;
  const hash = emailHash(email);
  const token = `r1.${hash}.${randomString(43)}`;
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...PeopleKeys.passwordReset(hash, sha256(token)), entity: 'passwordReset', expiresAt: Math.floor(Date.now() / 1000) + RESET_MINUTES * 60 },
    }),
  );
  return { person, resetUrl: `${publicUrl()}/dashboard/?token=${encodeURIComponent(token)}#/reset` };
}

/** Sets the new password once, and ends every session of the person in every team. */
export async function completePasswordReset(token: string, passwordHash: string): Promise<Person> {
  const [, hash = ''] = /^r1\.([0-9a-f]{64})\.[A-Za-z0-9]{43}$/.exec(token) ?? [];
  if (!hash) throw invalid();
  const key = PeopleKeys.passwordReset(hash, sha256(token));
  // Deleting with ALL_OLD makes the link single-use even when two requests race.
  const removed = await db().send(new DeleteCommand({ TableName: tableName(), Key: key, ReturnValues: 'ALL_OLD' }));
  if (!removed.Attributes || Number(removed.Attributes.expiresAt) <= Date.now() / 1000) throw invalid();
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.person(hash), ConsistentRead: true }));
  const person = Item as Person | undefined;
  if (!person) throw invalid();
  await setPassword(person.email, passwordHash);
  await Promise.all(Object.keys(person.memberships).map((tenantId) => endAllSessions(tenantId, person.userId).catch(() => undefined)));
  return person;
}
