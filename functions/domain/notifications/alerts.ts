import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ALERT_KINDS } from '../../../shared/schemas/webhooks';
import type { AlertRules } from '../../../shared/schemas/notifications';
import { db, tableName } from '../../lib/dynamo';
import { log } from '../../lib/log';
import { sendMail } from '../../lib/mailer';
import { ConditionFailed, conditionally } from '../../lib/store';
import { TTL_ATTRIBUTE, TenantKeys, WorkQueues } from '../../lib/table-keys';
import { emitEvent } from '../outbox';
import { recipients } from './prefs';

export type AlertKind = (typeof ALERT_KINDS)[number];

export async function getAlertRules(tenantId: string): Promise<AlertRules> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.alertRules(tenantId) }));
  const n = (value: unknown) => (typeof value === 'number' ? value : null);
  return { minLeadsPerDay: n(Item?.minLeadsPerDay), maxLeadsPerHour: n(Item?.maxLeadsPerHour), maxErasuresPerDay: n(Item?.maxErasuresPerDay) };
}

/** Saves the rules; a tenant with a daily rule is listed for the daily job. */
export async function saveAlertRules(tenantId: string, rules: AlertRules): Promise<AlertRules> {
  const clean = {
    minLeadsPerDay: rules.minLeadsPerDay ?? null,
    maxLeadsPerHour: rules.maxLeadsPerHour ?? null,
    maxErasuresPerDay: rules.maxErasuresPerDay ?? null,
  };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.alertRules(tenantId),
        ...(clean.minLeadsPerDay ? WorkQueues.daily(tenantId, 'RULES') : {}),
        entity: 'alertRules',
        tenantId,
        ...clean,
        updatedAt: new Date().toISOString(),
      },
    }),
  );
  return clean;
}

const WORDS: Record<AlertKind, (count: number, threshold: number, window: string) => string> = {
  few_leads_day: (c, t, w) => `Only ${c} lead${c === 1 ? '' : 's'} on ${w} (your alert: fewer than ${t} a day).`,
  many_leads_hour: (c, t, w) => `${c} leads in the hour from ${w.slice(11, 13)}:00 UTC on ${w.slice(0, 10)} (your alert: more than ${t} an hour).`,
  erasure_spike: (c, t, w) => `${c} erasures on ${w} (your alert: more than ${t} a day).`,
};

/**
 * Raises an alert once per window: a conditional marker makes a repeat (a
 * retried worker, the next lead of the same hour) send nothing. Goes to the
 * webhooks as `alert.triggered` and by mail to the people who take alerts.
 */
export async function raiseAlert(tenantId: string, alert: AlertKind, count: number, threshold: number, window: string): Promise<boolean> {
  try {
    await conditionally(
      db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...TenantKeys.alertSent(tenantId, alert, window),
            entity: 'alertSent',
            at: new Date().toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + 40 * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
  await emitEvent(tenantId, 'alert.triggered', { alert, count, threshold, window });
  const text = WORDS[alert](count, threshold, window);
  for (const person of await recipients(tenantId, 'alerts')) {
    await sendMail({
      to: person.email,
      subject: `Parley alert: ${text}`.slice(0, 200),
      text: `Hello ${person.name || ''},\n\n${text}\n\nAlerts are set with PUT /v1/alerts; what you receive with PUT /v1/me/notifications.`,
    }).catch((error: unknown) => log.warn('alert mail not sent', { error }));
  }
  return true;
}
