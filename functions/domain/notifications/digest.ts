import { tableName } from '../../lib/dynamo';
import { log } from '../../lib/log';
import { sendMail } from '../../lib/mailer';
import { queryAll } from '../../lib/store';
import { WorkQueues } from '../../lib/table-keys';
import { publicUrl } from '../accounts/invitations';
import { getMember } from '../accounts/people';
import { getTenant } from '../tenants';
import { dayActivity } from './activity';
import { getAlertRules, raiseAlert } from './alerts';
import { getPrefs } from './prefs';

/**
 * The daily job: for `day` (UTC, normally yesterday) each tenant with a
 * daily alert rule or a digest subscriber gets its "fewer than N leads"
 * check, and each subscriber a digest of the day's leads and erasures.
 * Only those tenants are visited (a sparse index), never the whole table.
 */
export async function runDaily(day: string): Promise<{ tenants: number; digests: number; alerts: number }> {
  const entries = await queryAll({
    TableName: tableName(),
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :q',
    ExpressionAttributeValues: { ':q': WorkQueues.dailyPartition },
  });
  const byTenant = new Map<string, string[]>();
  for (const e of entries) {
    const [tenantId = '', what = '', userId = ''] = String(e.GSI1SK).split('#');
    const users = byTenant.get(tenantId) ?? [];
    if (what === 'USER') users.push(userId);
    byTenant.set(tenantId, users);
  }
  let digests = 0;
  let alerts = 0;
  for (const [tenantId, users] of byTenant) {
    try {
      const totals = await dayActivity(tenantId, day);
      const rules = await getAlertRules(tenantId);
      if (rules.minLeadsPerDay && totals.leads < rules.minLeadsPerDay && (await raiseAlert(tenantId, 'few_leads_day', totals.leads, rules.minLeadsPerDay, day)))
        alerts++;
      const tenant = await getTenant(tenantId);
      for (const userId of users) {
        const member = await getMember(tenantId, userId);
        if (!member || member.pending || !(await getPrefs(tenantId, userId, member.role)).dailyDigest) continue;
        await sendMail({
          to: member.email,
          subject: `Parley digest for ${day}: ${totals.leads} lead${totals.leads === 1 ? '' : 's'}`,
          text: [
            `Hello ${member.name || ''},`,
            '',
            `${tenant?.name ?? 'Your team'} on ${day} (UTC):`,
            `- ${totals.leads} new lead${totals.leads === 1 ? '' : 's'}`,
            `- ${totals.erasures} erasure${totals.erasures === 1 ? '' : 's'}`,
            '',
            `See them: ${publicUrl()}/dashboard/#/leads`,
            '',
            'To stop this digest, turn dailyDigest off with PUT /v1/me/notifications.',
          ].join('\n'),
        });
        digests++;
      }
    } catch (error) {
      log.warn('daily notifications failed for a tenant', { error, tenantId });
    }
  }
  return { tenants: byTenant.size, digests, alerts };
}
