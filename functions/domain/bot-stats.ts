import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { wilsonInterval } from '../../shared/wilson';
import { tableName, db } from '../lib/dynamo';
import { queryAll } from '../lib/store';
import { TenantKeys } from '../lib/table-keys';

export type BotCounter = 'shown' | 'started' | 'converted';

/** The bot's own flow when no A/B variant is named. */
export const BASE_VARIANT = 'a';

/** Adds one to a counter of a bot's variant (one `UpdateItem`, no read). */
export async function countBot(tenantId: string, botId: string, variant: string | undefined, counter: BotCounter): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.botStats(tenantId, botId, variant ?? BASE_VARIANT),
      UpdateExpression: 'ADD #c :one SET entity = :e, botId = :b, variant = :v',
      ExpressionAttributeNames: { '#c': counter },
      ExpressionAttributeValues: { ':one': 1, ':e': 'botStats', ':b': botId, ':v': variant ?? BASE_VARIANT },
    }),
  );
}

/** Each variant's figures, with a 95 % Wilson interval of leads captured per visitor shown the bot. */
export async function botStats(tenantId: string, botId: string) {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :stat)',
    ExpressionAttributeValues: { ':pk': TenantKeys.botStats(tenantId, botId, '').PK, ':stat': TenantKeys.botStatsPrefix },
  });
  return items
    .map((item) => {
      const n = (key: BotCounter) => Number(item[key] ?? 0);
      return {
        variant: String(item.variant),
        shown: n('shown'),
        started: n('started'),
        converted: n('converted'),
        ...wilsonInterval(n('converted'), n('shown')),
      };
    })
    .sort((a, b) => a.variant.localeCompare(b.variant));
}
