import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { ApiError } from '../../lib/errors';
import { newId, randomString, sha256 } from '../../lib/ids';
import { ConditionFailed, conditionally } from '../../lib/store';
import { TenantKeys } from '../../lib/table-keys';
import { addPendingMember, getPerson, joinTenant, normaliseEmail, type Person } from './people';
import type { Role } from '../../../shared/permissions';

/** How long an invitation link works. */
const INVITATION_DAYS = 7;

/** `i1.<tenantId>.<secret>`: the tenant is readable, the secret is stored only hashed. */
const TOKEN = /^i1\.([a-z0-9]{16})\.([A-Za-z0-9]{43})$/;

const invalid = () => new ApiError(400, 'invalid_invitation', 'This invitation link is not valid, was already used or has expired');

export const publicUrl = () => (process.env.PARLEY_PUBLIC_URL || 'http://localhost:8787').replace(/\/+$/, '');

/**
 * Invites a person to a tenant with a role: a single-use link that expires,
 * its token stored only as a hash. The person shows in the team as pending
 * until they accept.
 */
export async function createInvitation(
  tenantId: string,
  input: { email: string; role: Role; invitedBy: string },
): Promise<{ userId: string; token: string; inviteUrl: string }> {
  const email = normaliseEmail(input.email);
  const known = await getPerson(email);
  if (known?.memberships[tenantId]) throw new ApiError(409, 'already_member', 'This person is already in the team');
  const userId = known?.userId ?? newId('u');
  const token = `i1.${tenantId}.${randomString(43)}`;
  const now = Date.now();
  await addPendingMember(tenantId, { userId, email, name: known?.name ?? '', role: input.role });
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.invitation(tenantId, sha256(token)),
        entity: 'invitation',
        userId,
        email,
        role: input.role,
        invitedBy: input.invitedBy,
        createdAt: new Date(now).toISOString(),
        expiresAt: Math.floor(now / 1000) + INVITATION_DAYS * 86_400,
      },
    }),
  );
  // The token is the URL's query parameter (SPEC), the hash picks the dashboard's page.
  return { userId, token, inviteUrl: `${publicUrl()}/dashboard/?token=${encodeURIComponent(token)}#/accept` };
}

/**
 * Accepts an invitation once: marks it used (conditional write), then makes
 * the person a member. A person who already has a password keeps it.
 */
export async function acceptInvitation(
  token: string,
  input: { passwordHash: string; name?: string | undefined },
): Promise<{ tenantId: string; person: Person; role: Role }> {
  const [, tenantId] = TOKEN.exec(token) ?? [];
  if (!tenantId) throw invalid();
  const key = TenantKeys.invitation(tenantId, sha256(token));
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (!Item || Item.usedAt || Number(Item.expiresAt) <= Date.now() / 1000) throw invalid();
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      ),
    );
  } catch (error) {
    throw error instanceof ConditionFailed ? invalid() : error;
  }
  const role = Item.role as Role;
  const person = await joinTenant(tenantId, {
    email: String(Item.email),
    name: input.name ?? '',
    role,
    passwordHash: input.passwordHash,
    userId: String(Item.userId),
  });
  return { tenantId, person, role };
}
