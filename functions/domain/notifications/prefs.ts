import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Role, roleAllows } from '../../../shared/permissions';
import type { NotificationPrefs } from '../../../shared/schemas/notifications';
import { db, tableName } from '../../lib/dynamo';
import { TenantKeys, WorkQueues } from '../../lib/table-keys';
import { type Member, listMembers } from '../accounts/people';

/**
 * Until a person chooses: alerts for owners and admins, and a visitor
 * waiting while nobody is online for everyone who may reply; nothing else
 * (mail is opt-in).
 */
export const defaultPrefs = (role: Role): Required<NotificationPrefs> => ({
  newLead: false,
  dailyDigest: false,
  alerts: role === 'owner' || role === 'admin',
  waiting: roleAllows(role, 'write'),
});

export async function getPrefs(tenantId: string, userId: string, role: Role): Promise<Required<NotificationPrefs>> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.notificationPrefs(tenantId, userId) }));
  const defaults = defaultPrefs(role);
  return Item
    ? {
        newLead: Item.newLead === true,
        dailyDigest: Item.dailyDigest === true,
        alerts: Item.alerts === true,
        waiting: typeof Item.waiting === 'boolean' ? Item.waiting : defaults.waiting,
      }
    : defaults;
}

/** Saves a person's choices; one who takes the digest is listed for the daily job. */
export async function savePrefs(tenantId: string, userId: string, prefs: NotificationPrefs): Promise<NotificationPrefs> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.notificationPrefs(tenantId, userId),
        ...(prefs.dailyDigest ? WorkQueues.daily(tenantId, `USER#${userId}`) : {}),
        entity: 'notificationPrefs',
        userId,
        ...prefs,
        updatedAt: new Date().toISOString(),
      },
    }),
  );
  return prefs;
}

/** The team members (invitations accepted) who want `kind` mail, with their addresses. */
export async function recipients(tenantId: string, kind: keyof NotificationPrefs): Promise<Member[]> {
  const members = (await listMembers(tenantId)).filter((m) => !m.pending);
  const chosen = await Promise.all(members.map(async (m) => ((await getPrefs(tenantId, m.userId, m.role))[kind] ? m : undefined)));
  return chosen.filter((m): m is Member => m !== undefined);
}
