import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { flowFromLegacy, flowLines, flowProblems, flowQuestions } from '../../shared/flow-graph';
import type { BotDraft, Flow, LiveBot } from '../../shared/schemas/bots';
import { db, tableName } from '../lib/dynamo';
import { ApiError, badRequest, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { ConditionFailed, conditionally, queryAll } from '../lib/store';
import { TenantKeys } from '../lib/table-keys';
import type { Tenant } from './tenants';

/** A bot as stored: the draft an owner edits, and which published version the widget runs. */
export interface BotRecord {
  botId: string;
  draft: BotDraft;
  latestVersion: number;
  liveVersion?: number;
  /** The running version's definition, copied here so the widget's config is one Query. */
  live?: BotDraft;
  updatedAt: string;
}

/** The id under which the tenant's settings flow (the single list of questions) runs until a bot is published. */
export const LEGACY_BOT_ID = 'settings';

const MAX_BOTS = 50;

const toRecord = (item: Record<string, unknown>): BotRecord => {
  const { botId, draft, latestVersion, liveVersion, live, updatedAt } = item as unknown as BotRecord;
  return { botId, draft, latestVersion, ...(liveVersion ? { liveVersion, live } : {}), updatedAt } as BotRecord;
};

export async function listBots(tenantId: string): Promise<BotRecord[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :bot)',
    ExpressionAttributeValues: { ':pk': TenantKeys.root(tenantId), ':bot': TenantKeys.botPrefix },
  });
  return items.map(toRecord);
}

export async function getBot(tenantId: string, botId: string): Promise<BotRecord> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.bot(tenantId, botId), ConsistentRead: true }));
  if (!Item) throw notFound('Bot');
  return toRecord(Item);
}

export async function createBot(tenantId: string, draft: BotDraft): Promise<BotRecord> {
  if ((await listBots(tenantId)).length >= MAX_BOTS) throw new ApiError(409, 'too_many_bots', `A tenant has at most ${MAX_BOTS} bots`);
  const bot: BotRecord = { botId: newId('bot'), draft, latestVersion: 0, updatedAt: new Date().toISOString() };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...TenantKeys.bot(tenantId, bot.botId), entity: 'bot', ...bot },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return bot;
}

/** Replaces a bot's draft; what the widget runs changes only on publish. */
export async function saveDraft(tenantId: string, botId: string, draft: BotDraft): Promise<BotRecord> {
  const updatedAt = new Date().toISOString();
  const { Attributes } = await conditionally(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.bot(tenantId, botId),
        UpdateExpression: 'SET draft = :d, updatedAt = :u',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':d': draft, ':u': updatedAt },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  ).catch((error: unknown) => {
    throw error instanceof ConditionFailed ? notFound('Bot') : error;
  });
  return toRecord(Attributes ?? {});
}

/** The graph rules a flow must meet before it may run (400 with each problem). */
export function assertPublishable(draft: BotDraft): void {
  const problems = [
    ...flowProblems(draft.flow),
    ...(draft.variants ?? []).flatMap((variant, i) => flowProblems(variant.flow).map((p) => ({ ...p, path: `variants.${i}.${p.path}` }))),
  ];
  if (problems.length) throw badRequest('The flow cannot be published as it is', problems);
}

/**
 * Publishes the draft as the next version: the version item is written once
 * (never changed afterwards) and the bot then runs it. Two publishes at once
 * cannot both take the same number.
 */
export async function publishBot(tenantId: string, botId: string, actor: string): Promise<BotRecord> {
  const bot = await getBot(tenantId, botId);
  assertPublishable(bot.draft);
  const version = bot.latestVersion + 1;
  const publishedAt = new Date().toISOString();
  await conditionally(
    db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...TenantKeys.botVersion(tenantId, botId, version), entity: 'botVersion', botId, version, draft: bot.draft, publishedAt, publishedBy: actor },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  ).catch((error: unknown) => {
    throw error instanceof ConditionFailed ? new ApiError(409, 'conflict', 'Another publish of this bot came first; try again') : error;
  });
  return runVersion(tenantId, botId, version, bot.draft, { latest: version });
}

/** Runs an earlier published version again (it stays as it was published). */
export async function rollbackBot(tenantId: string, botId: string, version: number): Promise<BotRecord> {
  await getBot(tenantId, botId);
  const stored = await getBotVersion(tenantId, botId, version);
  if (!stored) throw notFound('Bot version');
  return runVersion(tenantId, botId, version, stored.draft);
}

async function runVersion(tenantId: string, botId: string, version: number, definition: BotDraft, bump?: { latest: number }): Promise<BotRecord> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.bot(tenantId, botId),
      UpdateExpression: `SET liveVersion = :v, live = :l, updatedAt = :u${bump ? ', latestVersion = :latest' : ''}`,
      ExpressionAttributeValues: { ':v': version, ':l': definition, ':u': new Date().toISOString(), ...(bump ? { ':latest': bump.latest } : {}) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toRecord(Attributes ?? {});
}

export async function getBotVersion(
  tenantId: string,
  botId: string,
  version: number,
): Promise<{ version: number; draft: BotDraft; publishedAt: string } | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.botVersion(tenantId, botId, version) }));
  return Item ? { version, draft: Item.draft as BotDraft, publishedAt: String(Item.publishedAt) } : undefined;
}

/**
 * The bots the widget runs: every published bot at its running version.
 * Until a tenant publishes one, the settings' single list of questions runs
 * as a flow (migrated on read), on every page, opened from the launcher.
 */
export async function liveBots(tenant: Tenant): Promise<LiveBot[]> {
  const bots = (await listBots(tenant.tenantId)).filter((b) => b.live && b.liveVersion);
  const live = bots.map((b) => {
    const def = b.live as BotDraft;
    const variants = def.variants?.length ? { variants: def.variants } : {};
    return {
      id: b.botId,
      version: b.liveVersion as number,
      priority: def.priority,
      targeting: def.targeting,
      trigger: def.trigger,
      flow: def.flow,
      ...variants,
    };
  });
  return live.length ? live : [legacyBot(tenant)];
}

export const legacyBot = (tenant: Tenant): LiveBot => ({
  id: LEGACY_BOT_ID,
  version: 0,
  priority: 0,
  targeting: { urls: [], utm: {}, languages: [], visitors: 'all' },
  trigger: { exitIntent: false, combine: 'any', frequency: 'session' },
  flow: flowFromLegacy(tenant.settings.bot),
});

/**
 * Whether a bot line the visitor's browser records belongs to the flow the
 * conversation started with (that bot's published version), to the
 * settings flow, or to a bot running now (`Parley('start', botId)` may
 * start another bot in the same conversation); and whether it asks the
 * visitor something (so the visitor's next line answers the bot, not a
 * person). Undefined: not a line of any of those flows.
 */
export async function lineOfFlow(tenant: Tenant, bot: { id: string; version: number } | undefined, text: string): Promise<'question' | 'line' | undefined> {
  const kind = (flow: Flow) => (flowQuestions(flow).includes(text) ? 'question' : flowLines(flow).includes(text) ? 'line' : undefined);
  const legacy = kind(legacyBot(tenant).flow);
  if (legacy) return legacy;
  const version = bot && bot.id !== LEGACY_BOT_ID ? await getBotVersion(tenant.tenantId, bot.id, bot.version) : undefined;
  const ran = version ? kind(version.draft.flow) : undefined;
  if (ran) return ran;
  for (const b of await listBots(tenant.tenantId)) {
    const running = b.live ? kind(b.live.flow) : undefined;
    if (running) return running;
  }
  return undefined;
}

/** True when `text` is a line of a flow the conversation may show (see `lineOfFlow`). */
export async function isLineOfFlow(tenant: Tenant, bot: { id: string; version: number } | undefined, text: string): Promise<boolean> {
  return (await lineOfFlow(tenant, bot, text)) !== undefined;
}

/** Every bot with each version it published, for the tenant's archive (`GET /v1/export`). */
export async function botsForArchive(tenantId: string) {
  const bots = await listBots(tenantId);
  return Promise.all(
    bots.map(async (bot) => {
      const versions = await queryAll({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': TenantKeys.botVersion(tenantId, bot.botId, 0).PK, ':v': 'V#' },
      });
      const { live: _running, ...rest } = bot;
      return { ...rest, versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, draft: v.draft })) };
    }),
  );
}
