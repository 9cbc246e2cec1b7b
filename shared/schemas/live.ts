import * as v from 'valibot';
import { IdSchema } from './primitives';

/** Live chat: the inbox's views and rows, the team's actions, and the frames each side's socket carries. */

export const INBOX_VIEWS = ['waiting', 'mine', 'all', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_STATUSES = ['bot', 'waiting', 'open', 'closed'] as const;

/** `GET /v1/inbox?view=…` */
export const InboxQuerySchema = v.object({ view: v.optional(v.picklist(INBOX_VIEWS, 'must be waiting, mine, all or closed'), 'all') });

export const InboxConversationSchema = v.object({
  conversationId: v.string(),
  status: v.picklist(INBOX_STATUSES),
  assignee: v.nullable(v.object({ id: v.string(), name: v.string() })),
  /** The visitor's messages since the team last read the conversation. */
  unread: v.number(),
  lastAuthor: v.nullable(v.picklist(['visitor', 'bot', 'agent'])),
  preview: v.string(),
  lastMessageAt: v.string(),
  createdAt: v.string(),
  pageUrl: v.string(),
  visitorId: v.string(),
  /** Highest sequence number the team has read, and the visitor has ("Seen"). */
  teamSeenSeq: v.number(),
  visitorSeenSeq: v.number(),
  lead: v.nullable(v.object({ contactId: v.string(), name: v.string(), email: v.string(), company: v.string() })),
});
export type InboxConversation = v.InferOutput<typeof InboxConversationSchema>;

export const InboxPageSchema = v.object({
  data: v.array(InboxConversationSchema),
  counts: v.object({ waiting: v.number(), mine: v.number(), all: v.number() }),
  /** People of the team with an open inbox now (not away). */
  agentsOnline: v.number(),
});

/** `GET /v1/inbox/people` */
export const InboxPeopleSchema = v.object({ data: v.array(v.object({ id: v.string(), name: v.string(), online: v.boolean() })) });

/** `POST /v1/conversations/{id}/assign`: a person's id (`user:…`), or `null` for nobody. */
export const AssignBodySchema = v.object({
  assignee: v.nullable(v.pipe(v.string(), v.regex(/^user:[A-Za-z0-9_-]{1,64}$/, 'must be a team member id (user:…)'))),
});

/** `POST /v1/conversations/{id}/seen` */
export const SeenBodySchema = v.object({ seq: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')) });

/** `POST /v1/conversations/{id}/handover`: the visitor asks for a person, optionally leaving an email for a reply by mail. */
export const HandoverBodySchema = v.object({
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254, 'must be at most 254 characters'), v.email('must be an email address'))),
});
export const HandoverResultSchema = v.object({ agentsOnline: v.number(), status: v.picklist(INBOX_STATUSES), emailOnFile: v.boolean() });

/** `POST /v1/live/token` → a short-lived token for the team's socket (`/v1/live?token=…`). */
export const LiveTokenSchema = v.object({ token: v.string(), expiresAt: v.string() });

/** `PUT /v1/live/presence` (or the `presence` frame): a person sets themselves online or away. */
export const PresenceBodySchema = v.object({ status: v.picklist(['online', 'away'], 'must be online or away') });

/** Frames a socket may send (`$request.body.type` selects the route). */
export const TypingFrameSchema = v.object({ type: v.literal('typing'), conversationId: IdSchema });
export const SeenFrameSchema = v.object({ type: v.literal('seen'), conversationId: IdSchema, seq: SeenBodySchema.entries.seq });
export const PresenceFrameSchema = v.object({ type: v.literal('presence'), status: PresenceBodySchema.entries.status });

/** Where a conversation stands after assign, close or reopen. */
export const ConversationStateSchema = v.object({
  conversationId: v.string(),
  status: v.picklist(INBOX_STATUSES),
  assignee: v.nullable(v.object({ id: v.string(), name: v.string() })),
});

/** `GET /v1/conversations/{id}/messages?after=SEQ` */
export const MessagesAfterQuerySchema = v.object({
  after: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a sequence number'), v.transform(Number)), '0'),
});
/** A message as the live chat sends it (also each WebSocket frame's `message`). */
export const LiveMessageSchema = v.object({
  id: v.string(),
  author: v.picklist(['visitor', 'bot', 'agent']),
  text: v.string(),
  ts: v.string(),
  seq: v.number(),
  name: v.optional(v.string()),
});
export const MessagePageSchema = v.object({ data: v.array(LiveMessageSchema), nextCursor: v.null() });
