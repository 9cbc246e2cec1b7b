import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { ApiError, notFound } from '../../lib/errors';
import { newId, sha256 } from '../../lib/ids';
import { conditionally, queryAll } from '../../lib/store';
import { PeopleKeys, TenantKeys } from '../../lib/table-keys';
import type { Role } from '../../../shared/permissions';

/** A person, as stored (credentials stay in this module). */
export interface Person {
  userId: string;
  email: string;
  name: string;
  passwordHash?: string;
  /** Tenants the person belongs to, with the role in each. */
  memberships: Record<string, Role>;
  /** Encrypted TOTP secret, once the second factor is confirmed. */
  totp?: string;
  /** Passkeys by credential id: public keys only (domain/accounts/passkeys.ts). */
  passkeys?: Record<string, StoredPasskey>;
  createdAt: string;
}

/** A registered passkey: WebAuthn keeps the private key on the authenticator, so nothing here is secret. */
export interface StoredPasskey {
  id: string;
  name: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** Signature counter last seen; one that goes backwards means a cloned authenticator. */
  counter: number;
  transports?: string[];
  createdAt: string;
  lastUsedAt?: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  /** Invited, not yet accepted. */
  pending?: boolean;
  /** Sessions opened before this time no longer count ("sign out everywhere"). */
  sessionsValidAfter?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
export const emailHash = (email: string) => sha256(`person|${normaliseEmail(email)}`);

export async function getPerson(email: string): Promise<Person | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PeopleKeys.person(emailHash(email)), ConsistentRead: true }));
  return Item as Person | undefined;
}

/** The person's public face. */
export const userOf = (p: { userId: string; email: string; name: string }) => ({ id: p.userId, email: p.email, name: p.name });

/**
 * Makes (or updates) a person and their membership of a tenant in one
 * transaction: the person's list of tenants and the tenant's member item
 * always agree.
 */
export async function joinTenant(
  tenantId: string,
  input: { email: string; name: string; role: Role; passwordHash?: string; userId?: string },
): Promise<Person> {
  const email = normaliseEmail(input.email);
  const existing = await getPerson(email);
  const now = new Date().toISOString();
  const person: Person = existing
    ? { ...existing, name: input.name || existing.name, memberships: { ...existing.memberships, [tenantId]: input.role } }
    : { userId: input.userId ?? newId('u'), email, name: input.name, memberships: { [tenantId]: input.role }, createdAt: now };
  if (input.passwordHash && !existing?.passwordHash) person.passwordHash = input.passwordHash;
  const member: Member = { userId: person.userId, email, name: person.name, role: input.role, createdAt: now };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...PeopleKeys.person(emailHash(email)), entity: 'person', ...person } } },
        { Put: { TableName: tableName(), Item: { ...TenantKeys.member(tenantId, person.userId), entity: 'member', ...member } } },
      ],
    }),
  );
  return person;
}

export async function listMembers(tenantId: string): Promise<Member[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
    ExpressionAttributeValues: { ':pk': TenantKeys.profile(tenantId).PK, ':m': 'MEMBER#' },
  });
  return items.map((i) => ({
    userId: String(i.userId),
    email: String(i.email),
    name: String(i.name ?? ''),
    role: i.role as Role,
    createdAt: String(i.createdAt),
    ...(i.pending ? { pending: true } : {}),
  }));
}

export async function getMember(tenantId: string, userId: string): Promise<Member | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.member(tenantId, userId), ConsistentRead: true }));
  return Item as Member | undefined;
}

/** Records an invited person as a pending member, so the team list shows them. */
export async function addPendingMember(tenantId: string, member: Omit<Member, 'pending' | 'createdAt'>): Promise<void> {
  await db()
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...TenantKeys.member(tenantId, member.userId), entity: 'member', ...member, pending: true, createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(PK) OR pending = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
        throw new ApiError(409, 'already_member', 'This person is already in the team');
      throw error;
    });
}

/**
 * Changes a membership, or with no role ends it: the person's list of
 * tenants and the tenant's member item in one transaction. The person stays
 * when removed, as they may belong elsewhere.
 */
async function changeMembership(tenantId: string, userId: string, role: Role | undefined): Promise<Member> {
  const member = await getMember(tenantId, userId);
  if (!member) throw notFound('User');
  const person = {
    TableName: tableName(),
    Key: PeopleKeys.person(emailHash(member.email)),
    UpdateExpression: role ? 'SET memberships.#t = :role' : 'REMOVE memberships.#t',
    ExpressionAttributeNames: { '#t': tenantId },
    ...(role ? { ExpressionAttributeValues: { ':role': role } } : {}),
  };
  const key = TenantKeys.member(tenantId, userId);
  const memberChange = role
    ? {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #role = :role',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':role': role },
        },
      }
    : { Delete: { TableName: tableName(), Key: key } };
  // An invited person has no person item yet.
  await db().send(new TransactWriteCommand({ TransactItems: [...(member.pending ? [] : [{ Update: person }]), memberChange] }));
  return role ? { ...member, role } : member;
}

/** Changes a member's role (takes effect on their next request). */
export const setRole = (tenantId: string, userId: string, role: Role) => changeMembership(tenantId, userId, role);

/** Removes a member from the tenant; their sessions stop working at once. */
export const removeMember = (tenantId: string, userId: string) => changeMembership(tenantId, userId, undefined);

/**
 * The one way to change a person's item (credentials, second factors):
 * keyed by email here, a failed condition comes back as ConditionFailed.
 */
export function updatePerson(email: string, change: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
  return conditionally(db().send(new UpdateCommand({ TableName: tableName(), Key: PeopleKeys.person(emailHash(email)), ...change })));
}

export async function setPassword(email: string, passwordHash: string): Promise<void> {
  await updatePerson(email, {
    UpdateExpression: 'SET passwordHash = :h',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':h': passwordHash },
  });
}
