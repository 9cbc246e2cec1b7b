import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../lib/config';
import { db, tableName } from '../lib/dynamo';
import { derivedId } from '../lib/ids';
import { log } from '../lib/log';
import { sendMail } from '../lib/mailer';
import { ConditionFailed, conditionally, duePages, ifConditionHolds, queryAll } from '../lib/store';
import { TTL_ATTRIBUTE, TenantKeys, WorkQueues } from '../lib/table-keys';
import type { ConversationRecord } from './conversations';
import type { InboxState } from './inbox';
import { type Tenant, getTenant } from './tenants';

/** The hash the widget opens its chat for: a link in a reply mail lands in the conversation. */
export const CHAT_LINK_HASH = '#parley-chat';

/** Where a reply mail sends the visitor back to: the page they chatted on, with the chat open. */
export function conversationLink(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    url.hash = CHAT_LINK_HASH;
    return url.toString();
  } catch {
    return '';
  }
}

/** The address a visitor left: at handover, else in their lead (never a restricted contact's). */
export async function replyAddress(tenant: Tenant, conversation: ConversationRecord & InboxState): Promise<string | undefined> {
  if (conversation.visitorEmail) return conversation.visitorEmail;
  const contactId = derivedId('k', tenant.tenantId, conversation.visitorId, conversation.conversationId);
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.contact(tenant.tenantId, contactId) }));
  return Item && Item.restricted !== true && typeof Item.email === 'string' && Item.email ? Item.email : undefined;
}

/**
 * A person replied and no socket of the visitor's took it: a mail is due
 * `PARLEY_REPLY_MAIL_DELAY_MS` from now (default two minutes), unless one is
 * due already, which this reply joins. The wait lets a widget that is only
 * reconnecting, or a visitor who comes back, read the reply instead (then
 * nothing is mailed), and a person typing several lines sends one mail. A
 * mail already past due is being sent: this reply gets a new one, which
 * sends nothing if that mail took the reply after all.
 */
export async function scheduleReplyMail(tenant: Tenant, conversationId: string, now = Date.now()): Promise<void> {
  const dueAt = new Date(now + config.replyMailDelayMs()).toISOString();
  await ifConditionHolds(
    db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...TenantKeys.replyMail(tenant.tenantId, conversationId),
          ...WorkQueues.replyMail(dueAt, tenant.tenantId, conversationId),
          entity: 'replyMail',
          tenantId: tenant.tenantId,
          conversationId,
          dueAt,
          [TTL_ATTRIBUTE]: Math.floor(now / 1000) + 7 * 24 * 60 * 60,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR dueAt <= :now',
        ExpressionAttributeValues: { ':now': new Date(now).toISOString() },
      }),
    ),
  );
}

/**
 * Sends the reply mails that are due (the delivery worker: every minute in
 * AWS, every `PARLEY_WORKER_POLL_MS` locally). Each is forgotten once sent,
 * unless a later reply set a new one meanwhile; two workers at the same mail
 * send it once (the conversation's `deliveredSeq`).
 */
export async function runDueReplyMails(options: { limit?: number; now?: number } = {}): Promise<number> {
  const limit = options.limit ?? 100;
  let sent = 0;
  let seen = 0;
  for await (const page of duePages(WorkQueues.replyMailPartition, new Date(options.now ?? Date.now()), limit)) {
    for (const due of page) {
      const tenantId = String(due.tenantId);
      const conversationId = String(due.conversationId);
      const tenant = await getTenant(tenantId);
      if (tenant && (await mailReplyToOfflineVisitor(tenant, conversationId))) sent++;
      await ifConditionHolds(
        db().send(
          new DeleteCommand({
            TableName: tableName(),
            Key: TenantKeys.replyMail(tenantId, conversationId),
            ConditionExpression: 'dueAt = :due',
            ExpressionAttributeValues: { ':due': due.dueAt },
          }),
        ),
      );
      seen++;
    }
    if (seen >= limit) break;
  }
  return sent;
}

/**
 * Mails the visitor the replies that reached no socket of theirs, that they
 * have not seen and that were not mailed yet, to the address they left, with
 * a link back to the conversation. Each reply is mailed once (the
 * conversation's `deliveredSeq` moves forward with a conditional write), and
 * a failed mail never fails anything else: the replies are stored already.
 */
export async function mailReplyToOfflineVisitor(tenant: Tenant, conversationId: string): Promise<boolean> {
  try {
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName(), Key: TenantKeys.conversation(tenant.tenantId, conversationId), ConsistentRead: true }),
    );
    const conversation = Item as (ConversationRecord & InboxState & { deliveredSeq?: number }) | undefined;
    if (!conversation) return false;
    const to = await replyAddress(tenant, conversation);
    if (!to) return false;
    const from = Math.max(conversation.deliveredSeq ?? 0, conversation.visitorSeenSeq ?? 0);
    const replies = (
      await queryAll({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :msg)',
        FilterExpression: 'seq > :from AND author = :agent',
        ExpressionAttributeValues: {
          ':pk': TenantKeys.conversationPartition(tenant.tenantId, conversation.conversationId),
          ':msg': 'MSG#',
          ':from': from,
          ':agent': 'agent',
        },
        ConsistentRead: true,
      })
    ).sort((a, b) => Number(a.seq) - Number(b.seq));
    const top = Number(replies.at(-1)?.seq ?? 0);
    if (!top) return false;
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
          UpdateExpression: 'SET deliveredSeq = :top',
          ConditionExpression: 'attribute_not_exists(deliveredSeq) OR deliveredSeq < :top',
          ExpressionAttributeValues: { ':top': top },
        }),
      ),
    );
    await sendMail({ to, ...replyMail(tenant.name, replies, conversationLink(conversation.pageUrl)) });
    return true;
  } catch (error) {
    // Mailed already by another worker, or the mail failed: the replies are stored either way.
    if (!(error instanceof ConditionFailed)) log.warn('offline reply mail not sent', { error });
    return false;
  }
}

export function replyMail(tenantName: string, replies: readonly Record<string, unknown>[], link: string) {
  const who = String(replies.at(-1)?.agentName ?? '') || tenantName;
  const lines = replies.map((r) => `${String(r.agentName ?? '') || tenantName}:\n${String(r.text)}`).join('\n\n');
  return {
    subject: `${who} replied to your chat with ${tenantName}`,
    text: [
      `${who} from ${tenantName} answered you in the chat while you were away:`,
      '',
      lines,
      '',
      ...(link ? ['Continue the conversation:', link, ''] : []),
      'You get this email because you left your address in the chat. Reply there, not to this email.',
    ].join('\n'),
  };
}

/** A reply reached an open socket of the visitor: no mail will repeat it. */
export async function markDelivered(tenant: Tenant, conversationId: string, seq: number): Promise<void> {
  await ifConditionHolds(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.conversation(tenant.tenantId, conversationId),
        UpdateExpression: 'SET deliveredSeq = :seq',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(deliveredSeq) OR deliveredSeq < :seq)',
        ExpressionAttributeValues: { ':seq': seq },
      }),
    ),
  );
}
