/**
 * The key layout of Parley's single table, in one place: no handler builds a
 * key by hand. Every partition key (base table and indexes) starts with
 * `T#<tenantId>`, so no query can cross tenants. See ARCHITECTURE.md.
 */

export const TABLE_INDEXES = {
  /** Listing by time: `GSI1PK` = entity stream of a tenant, `GSI1SK` = `<iso time>#<id>`. */
  byTime: 'GSI1',
  /** Everything of one visitor: `GSI2PK` = visitor partition, `GSI2SK` = `<kind>#<id>`. */
  byVisitor: 'GSI2',
  /** The live chat inbox: `GSI3PK` = a tenant's conversations in one state, `GSI3SK` = `<last activity>#<id>`. */
  byInbox: 'GSI3',
} as const;

/** Name of the TTL attribute (epoch seconds) on every item that expires. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The table itself, defined once: the CDK stack and DynamoDB Local are both
 * created from this (string keys, every index projecting all attributes).
 */
export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [TABLE_INDEXES.byTime, TABLE_INDEXES.byVisitor, TABLE_INDEXES.byInbox].map((name) => ({ name, partitionKey: `${name}PK`, sortKey: `${name}SK` })),
  ttlAttribute: TTL_ATTRIBUTE,
} as const;

/** Event time-stream shards per tenant and day: spreads a big tenant's writes. */
export const EVENT_SHARDS = 16;

export interface ItemKey {
  PK: string;
  SK: string;
}

const tenantRoot = (tenantId: string) => `T#${tenantId}`;
const day = (iso: string) => iso.slice(0, 10);
const month = (iso: string) => iso.slice(0, 7);

/** FNV-1a, enough to spread ids evenly over shards. */
export function shardOf(id: string, shards = EVENT_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export const TenantKeys = {
  root: tenantRoot,

  profile: (tenantId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: 'TENANT' }),
  apiKey: (tenantId: string, keyId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `KEY#${keyId}` }),
  dailySalt: (tenantId: string, isoDay: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `SALT#${isoDay}` }),

  visitorPartition: (tenantId: string, visitorId: string) => `${tenantRoot(tenantId)}#V#${visitorId}`,
  visitor: (tenantId: string, visitorId: string): ItemKey => ({ PK: TenantKeys.visitorPartition(tenantId, visitorId), SK: 'VISITOR' }),
  session: (tenantId: string, visitorId: string, sessionId: string): ItemKey => ({
    PK: TenantKeys.visitorPartition(tenantId, visitorId),
    SK: `SES#${sessionId}`,
  }),
  /** A cookieless day id of a visitor, linked once the visitor has an id of its own. */
  visitorLink: (tenantId: string, visitorId: string, dayVisitorId: string): ItemKey => ({
    PK: TenantKeys.visitorPartition(tenantId, visitorId),
    SK: `LINK#${dayVisitorId}`,
  }),
  /**
   * An event is stored once, in its tenant's time stream: the partition is
   * the day and a shard chosen by the event id, the sort key its time and id.
   * A resend of the same event (same id and time, under any visitor id) has
   * the same key, so it is caught by an existence check whatever visitor id
   * it arrives under; there is no index entry per event (see eventBatch).
   */
  event: (tenantId: string, iso: string, eventId: string): ItemKey => ({
    PK: TenantKeys.eventStreamPartition(tenantId, day(iso), shardOf(eventId)),
    SK: `${iso}#${eventId}`,
  }),
  /**
   * One item per stored batch, under its visitor, naming its events: how
   * access and erasure find a visitor's events without an index entry per
   * event. `batchHash` identifies the batch, so a resend rewrites
   * the same item.
   */
  eventBatch: (tenantId: string, visitorId: string, batchHash: string): ItemKey => ({
    PK: TenantKeys.visitorPartition(tenantId, visitorId),
    SK: `EVB#${batchHash}`,
  }),
  eventStreamPartition: (tenantId: string, isoDay: string, shard: number) => `${tenantRoot(tenantId)}#EV#${isoDay}#${shard}`,
  /** Days on which a tenant has events (`SK` = `yyyy-mm-dd`): readers query only those days' shards. */
  eventDaysPartition: (tenantId: string) => `${tenantRoot(tenantId)}#EVDAYS`,
  eventDay: (tenantId: string, isoDay: string): ItemKey => ({ PK: TenantKeys.eventDaysPartition(tenantId), SK: day(isoDay) }),

  conversationPartition: (tenantId: string, conversationId: string) => `${tenantRoot(tenantId)}#CONV#${conversationId}`,
  conversation: (tenantId: string, conversationId: string): ItemKey => ({
    PK: TenantKeys.conversationPartition(tenantId, conversationId),
    SK: 'CONV',
  }),
  message: (tenantId: string, conversationId: string, messageId: string): ItemKey => ({
    PK: TenantKeys.conversationPartition(tenantId, conversationId),
    SK: `MSG#${messageId}`,
  }),
  /** A conversation's reply mail to its away visitor, while one is waiting to go (in the conversation's partition, so erasure takes it). */
  replyMail: (tenantId: string, conversationId: string): ItemKey => ({
    PK: TenantKeys.conversationPartition(tenantId, conversationId),
    SK: 'REPLYMAIL',
  }),
  conversationStream: (tenantId: string, iso: string, conversationId: string) => ({
    GSI1PK: TenantKeys.streamPartition(tenantId, 'CONV'),
    GSI1SK: `${iso}#${conversationId}`,
  }),

  contact: (tenantId: string, contactId: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#C#${contactId}`, SK: 'CONTACT' }),
  leadStream: (tenantId: string, iso: string, contactId: string) => ({
    GSI1PK: TenantKeys.streamPartition(tenantId, 'LEAD'),
    GSI1SK: `${iso}#${contactId}`,
  }),

  /** GSI2 attributes that file an item under its visitor, for access and erasure. */
  byVisitor: (tenantId: string, visitorId: string, kind: 'CONV' | 'CONTACT', id: string) => ({
    GSI2PK: TenantKeys.visitorPartition(tenantId, visitorId),
    GSI2SK: `${kind}#${id}`,
  }),

  /** Unsharded per-tenant time stream of a low-rate entity. */
  streamPartition: (tenantId: string, kind: 'LEAD' | 'CONV') => `${tenantRoot(tenantId)}#${kind}`,

  auditPartition: (tenantId: string, isoMonth: string) => `${tenantRoot(tenantId)}#AUDIT#${isoMonth}`,
  audit: (tenantId: string, iso: string, entryId: string): ItemKey => ({
    PK: TenantKeys.auditPartition(tenantId, month(iso)),
    SK: `${iso}#${entryId}`,
  }),

  /** A visitor's open WebSocket (live chat), under the visitor so erasure takes it too; expires with TTL. */
  liveConnection: (tenantId: string, visitorId: string, connectionId: string): ItemKey => ({
    PK: TenantKeys.visitorPartition(tenantId, visitorId),
    SK: `CONN#${connectionId}`,
  }),
  /**
   * GSI3 attributes that file a conversation in the inbox under its state
   * (`bot`, `waiting`, `open`, `closed`), newest activity last.
   */
  inbox: (tenantId: string, status: string, iso: string, conversationId: string) => ({
    GSI3PK: TenantKeys.inboxPartition(tenantId, status),
    GSI3SK: `${iso}#${conversationId}`,
  }),
  inboxPartition: (tenantId: string, status: string) => `${tenantRoot(tenantId)}#INBOX#${status}`,
  /** A person's open WebSocket (the inbox), under the tenant's team: presence is a query of this partition. */
  agentConnection: (tenantId: string, connectionId: string): ItemKey => ({ PK: TenantKeys.agentPartition(tenantId), SK: `CONN#${connectionId}` }),
  agentPartition: (tenantId: string) => `${tenantRoot(tenantId)}#AGENTS`,
  /** A person's role in this tenant (the person itself may belong to several tenants). */
  member: (tenantId: string, userId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `MEMBER#${userId}` }),
  /** An invitation, by the hash of its token (single use, expires with TTL). */
  invitation: (tenantId: string, tokenHash: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#INVITE#${tokenHash}`, SK: 'INVITE' }),
  /** A signed-in session, by the hash of its id (expires with TTL). */
  signIn: (tenantId: string, sessionHash: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#SIGNIN#${sessionHash}`, SK: 'SIGNIN' }),

  /** A bot: its draft and which published version runs, under the tenant (`SK` begins with `BOT#`: one Query lists them). */
  bot: (tenantId: string, botId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `BOT#${botId}` }),
  botPrefix: 'BOT#',
  /** A published version of a bot, written once and never changed. */
  botVersion: (tenantId: string, botId: string, version: number): ItemKey => ({
    PK: `${tenantRoot(tenantId)}#BOT#${botId}`,
    SK: `V#${String(version).padStart(6, '0')}`,
  }),

  /** Counters of one variant of a bot (shown, started, converted), beside its versions. */
  botStats: (tenantId: string, botId: string, variant: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#BOT#${botId}`, SK: `STAT#${variant}` }),
  botStatsPrefix: 'STAT#',
  /**
   * An outbox event (`outbox.ts`): written in the same transaction as the
   * change it reports; holds ids and the event type, never personal data.
   */
  outboxEvent: (tenantId: string, eventId: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#OUT#${eventId}`, SK: 'OUT' }),
  /** A webhook endpoint of the tenant (its signing secret sealed). */
  webhook: (tenantId: string, webhookId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `WEBHOOK#${webhookId}` }),
  /** One event's delivery to one endpoint: the endpoint's partition is its delivery log, sorted by event time. */
  deliveryPartition: (tenantId: string, webhookId: string) => `${tenantRoot(tenantId)}#WHD#${webhookId}`,
  delivery: (tenantId: string, webhookId: string, eventAt: string, eventId: string): ItemKey => ({
    PK: TenantKeys.deliveryPartition(tenantId, webhookId),
    SK: `${eventAt}#${eventId}`,
  }),
  /** A person's notification preferences in this tenant. */
  notificationPrefs: (tenantId: string, userId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `NOTIFY#${userId}` }),
  /** Lead and erasure counts per hour, for digests and threshold alerts (`kind` = `LEAD` or `ERASURE`). */
  activityHour: (tenantId: string, hour: string): ItemKey => ({ PK: `${tenantRoot(tenantId)}#ACTIVITY#${hour.slice(0, 10)}`, SK: hour.slice(0, 13) }),
  activityDayPartition: (tenantId: string, isoDay: string) => `${tenantRoot(tenantId)}#ACTIVITY#${day(isoDay)}`,
  /** The tenant's threshold alert rules. */
  alertRules: (tenantId: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: 'ALERTRULES' }),
  /** An alert already sent for a window (sent once per window). */
  alertSent: (tenantId: string, kind: string, window: string): ItemKey => ({ PK: tenantRoot(tenantId), SK: `ALERT#${kind}#${window}` }),

  /** A subject's rate-limit window (its current and previous minute's counts). */
  rateWindow: (tenantId: string, subject: string): ItemKey => ({
    PK: `${tenantRoot(tenantId)}#RL#${subject}`,
    SK: 'RL',
  }),
};

/**
 * People exist across tenants (one person may belong to several), so a
 * person and the sign-in state around it are the only items keyed outside a
 * tenant: `P#<hash of the email>`. They hold no tenant data, only the
 * person's credentials and the ids of the tenants it belongs to.
 */
export const PeopleKeys = {
  person: (emailHash: string): ItemKey => ({ PK: `P#${emailHash}`, SK: 'PERSON' }),
  /** A pending second-factor challenge of a sign-in (expires in minutes). */
  mfaChallenge: (emailHash: string, challengeHash: string): ItemKey => ({ PK: `P#${emailHash}`, SK: `MFA#${challengeHash}` }),
  /** A pending WebAuthn (passkey) challenge, by its hash (single use, expires in minutes). */
  webauthnChallenge: (emailHash: string, challengeHash: string): ItemKey => ({ PK: `P#${emailHash}`, SK: `WEBAUTHN#${challengeHash}` }),
  /** A password reset link, by the hash of its token (single use, expires with TTL). */
  passwordReset: (emailHash: string, tokenHash: string): ItemKey => ({ PK: `P#${emailHash}`, SK: `RESET#${tokenHash}` }),
  /** Sign-in attempts per account or per network in a window. */
  loginAttempts: (subject: string, window: number): ItemKey => ({ PK: `P#LOGIN#${subject}#${window}`, SK: 'ATTEMPTS' }),
};

/**
 * API Gateway names a socket's later frames and its close only by the
 * connection id, so each open socket has one pointer item keyed by that id:
 * which tenant and which side (visitor or person) it belongs to. It holds
 * ids only and expires with the socket (TTL).
 */
export const SocketKeys = {
  socket: (connectionId: string): ItemKey => ({ PK: `WS#${connectionId}`, SK: 'WS' }),
};

/**
 * Work queues of the delivery worker: sparse GSI1 partitions that list what
 * is still to do across tenants, so one poll finds it. Their entries hold
 * ids and times only (the items themselves are tenant items, `T#…`), and an
 * entry leaves the index when its work is done.
 */
export const WorkQueues = {
  /** Outbox events not yet fanned out to endpoints, oldest first. */
  outbox: (tenantId: string, iso: string, eventId: string) => ({ GSI1PK: 'WORK#OUTBOX', GSI1SK: `${iso}#${tenantId}#${eventId}` }),
  outboxPartition: 'WORK#OUTBOX',
  /** Deliveries waiting for their next attempt, by the time it is due. */
  due: (dueAt: string, deliveryPK: string, deliverySK: string) => ({ GSI1PK: 'WORK#DUE', GSI1SK: `${dueAt}#${deliveryPK}#${deliverySK}` }),
  duePartition: 'WORK#DUE',
  /** Reply mails to away visitors, by the time they are due. */
  replyMail: (dueAt: string, tenantId: string, conversationId: string) => ({ GSI1PK: 'WORK#REPLYMAIL', GSI1SK: `${dueAt}#${tenantId}#${conversationId}` }),
  replyMailPartition: 'WORK#REPLYMAIL',
  /** What the daily job visits: people who take the digest, tenants with alert rules. */
  daily: (tenantId: string, what: string) => ({ GSI1PK: 'WORK#DAILY', GSI1SK: `${tenantId}#${what}` }),
  dailyPartition: 'WORK#DAILY',
};
