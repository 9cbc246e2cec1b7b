import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  AuthenticationResponseJSON,
} from '@simplewebauthn/browser';
import type * as v from 'valibot';
import type { KeysSchema, MFA_METHODS, MeSchema, MembersSchema, PasskeysSchema, ROLES } from '../../shared/schemas/accounts';
import type { AuditRow, ConversationRow, EventRow, LeadRow } from '../../shared/schemas/exports';
import type { BotSchema, BotStatsSchema } from '../../shared/schemas/bots';
import type { InboxConversation, InboxView } from '../../shared/schemas/live';
import type { AlertRules, NotificationPrefs } from '../../shared/schemas/notifications';
import type { Settings } from '../../shared/schemas/settings';

export type { InboxConversation, InboxView };

/** One problem with a request's input, as the API reports it (`path` such as `email` or `fields.email`). */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** Seconds to wait, from `Retry-After` (429). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/**
 * The session is an HttpOnly cookie the page never sees; what the page keeps
 * (in memory only) is the CSRF token every signed-in change must carry.
 */
let csrfToken = '';
/** Fired when the API says the session is over (401), so the app returns to sign-in. */
export const SIGNED_OUT = 'parley:signed-out';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; issues?: ApiIssue[] } };
  const retryAfter = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    body.error?.code ?? 'error',
    body.error?.message ?? res.statusText,
    body.error?.issues ?? [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * A same-origin call with the session cookie. A 401 means the session ended
 * (signed out elsewhere, expired, removed from the team): the app is told,
 * unless `quiet` (sign-in forms answer their own 401s).
 */
export async function request<T>(path: string, init: RequestInit = {}, quiet = false): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const res = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers: {
      ...(init.headers ?? {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(STATE_CHANGING.has(method) && csrfToken ? { 'x-parley-csrf': csrfToken } : {}),
    },
  });
  if (!res.ok) {
    const error = await failure(res);
    if (res.status === 401 && !quiet) {
      csrfToken = '';
      dispatchEvent(new Event(SIGNED_OUT));
    }
    throw error;
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const send = <T>(method: string, path: string, body?: unknown, quiet = false) =>
  request<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, quiet);

/** The most rows a list loads at once. */
export const LIST_LIMIT = 5_000;

/**
 * Every page of a listing, following `nextCursor`. Lists stop at `max` rows
 * (the dashboard works on a few thousand at once); exports pass Infinity.
 */
async function all<T>(path: string, max = LIST_LIMIT, onPage?: (rows: number) => void): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; nextCursor: string | null } = await request(`${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
    onPage?.(rows.length);
    cursor = page.nextCursor;
  } while (cursor && rows.length < max);
  return rows;
}

export interface TenantSettings {
  tenantId: string;
  name: string;
  siteKey: string;
  settings: Settings;
}

export interface ContactRecord {
  contact: LeadRow;
  consent: { marketing: boolean; text: string; at: string };
  restricted: boolean;
  conversations: ConversationRow[];
  events: EventRow[];
}

export interface Receipt {
  receiptId: string;
  erasedAt: string;
  deleted: Record<string, number>;
}

/** A message as the live chat answers it (`GET …/messages?after=SEQ`): agent lines carry the agent's name. */
export interface LiveMessage {
  id: string;
  author: 'visitor' | 'bot' | 'agent';
  text: string;
  ts: string;
  seq: number;
  name?: string | undefined;
}

/** One view of the live chat inbox, with the counts of the open views and who is online. */
export interface InboxListing {
  data: InboxConversation[];
  counts: { waiting: number; mine: number; all: number };
  agentsOnline: number;
}

/** Where a conversation stands after assign, close or reopen. */
export type ConversationState = Pick<InboxConversation, 'conversationId' | 'status' | 'assignee'>;

/** A lead as the dashboard lists it: restricted ones are listed too, marked. */
export type ListedLead = LeadRow & { restricted?: boolean };

/** What a lead list shows: the same filters go to an export of it. */
export interface LeadFilter {
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** `q=…&from=…&to=…` without the empty ones. */
export function filterQuery(filter: LeadFilter): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'from', 'to'] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

const range = (from?: string, to?: string) => filterQuery({ from, to });

export type Role = (typeof ROLES)[number];
export type Me = v.InferOutput<typeof MeSchema>;
export type Member = v.InferOutput<typeof MembersSchema>['data'][number];
export type ApiKey = v.InferOutput<typeof KeysSchema>['data'][number];
export type KeyScope = ApiKey['scopes'][number];
export type Passkey = v.InferOutput<typeof PasskeysSchema>['data'][number];
/** A sign-in that still needs the second factor, and the factors it may finish with. */
export interface MfaRequired {
  mfaRequired: true;
  challenge: string;
  methods: (typeof MFA_METHODS)[number][];
}

/** Keeps the CSRF token of a signed-in answer (sign-in, accept, `/v1/me`). */
function remember<T extends Me | MfaRequired>(answer: T): T {
  if ('csrfToken' in answer) csrfToken = answer.csrfToken;
  return answer;
}

/** Signing in and out, and the signed-in person's own account. */
export const auth = {
  /** Who is signed in; null when no one is (401), so loading the page is not an error. */
  me: async (): Promise<Me | null> => {
    try {
      return remember(await request<Me>('/v1/me', {}, true));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  login: async (email: string, password: string) => remember(await send<Me | MfaRequired>('POST', '/v1/auth/login', { email, password }, true)),
  mfa: async (challenge: string, code: string) => remember(await send<Me>('POST', '/v1/auth/mfa', { challenge, code }, true)),
  accept: async (token: string, password: string, name: string) =>
    remember(await send<Me>('POST', '/v1/auth/accept', { token, password, ...(name.trim() ? { name: name.trim() } : {}) }, true)),
  logout: async () => {
    try {
      await send<void>('POST', '/v1/auth/logout', undefined, true);
    } finally {
      csrfToken = '';
    }
  },
  beginTotp: () => send<{ secret: string; otpauthUrl: string }>('POST', '/v1/me/mfa/totp'),
  confirmTotp: (code: string) => send<{ recoveryCodes: string[] }>('POST', '/v1/me/mfa/totp/confirm', { code }),
  passkeys: () => request<{ data: Passkey[] }>('/v1/me/passkeys'),
  passkeyOptions: () => send<PublicKeyCredentialCreationOptionsJSON>('POST', '/v1/me/passkeys/options'),
  addPasskey: (response: RegistrationResponseJSON) => send<{ data: Passkey[] }>('POST', '/v1/me/passkeys', { response }),
  removePasskey: (id: string) => send<void>('DELETE', `/v1/me/passkeys/${encodeURIComponent(id)}`),
  passkeySignInOptions: (challenge: string) => send<PublicKeyCredentialRequestOptionsJSON>('POST', '/v1/auth/passkey/options', { challenge }, true),
  passkeySignIn: async (challenge: string, response: AuthenticationResponseJSON) =>
    remember(await send<Me>('POST', '/v1/auth/passkey', { challenge, response }, true)),
};

/** An audit page's filters: dates go to the API, action and actor are matched here. */
export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
}

/** A bot as `GET /v1/bots` lists it. */
export type Bot = v.InferOutput<typeof BotSchema>;
export type BotStats = v.InferOutput<typeof BotStatsSchema>['data'];
const bot = (id: string) => `/v1/bots/${encodeURIComponent(id)}`;

export const api = {
  bots: async () => (await request<{ data: Bot[] }>('/v1/bots')).data,
  createBot: (draft: unknown) => send<Bot>('POST', '/v1/bots', draft),
  saveBot: (id: string, draft: unknown) => send<Bot>('PUT', bot(id), draft),
  publishBot: (id: string) => send<Bot>('POST', `${bot(id)}/publish`),
  rollbackBot: (id: string, version: number) => send<Bot>('POST', `${bot(id)}/rollback`, { version }),
  botStats: async (id: string) => (await request<{ data: BotStats }>(`${bot(id)}/stats`)).data,
  settings: () => request<TenantSettings>('/v1/settings'),
  saveSettings: (settings: Settings) => send<TenantSettings>('PUT', '/v1/settings', settings),
  /** What the signed-in person is mailed about. */
  mailPrefs: () => request<Required<NotificationPrefs>>('/v1/me/notifications'),
  saveMailPrefs: (prefs: Required<NotificationPrefs>) => send<Required<NotificationPrefs>>('PUT', '/v1/me/notifications', prefs),
  /** The team's threshold alerts (null: off). */
  alertRules: () => request<AlertRules>('/v1/alerts'),
  saveAlertRules: (rules: AlertRules) => send<AlertRules>('PUT', '/v1/alerts', rules),
  // Restricted leads stay on the owner's list (marked); only exports and webhooks leave them out.
  leads: (from?: string, to?: string) => all<ListedLead>(`/v1/leads?restricted=include&${range(from, to)}`),
  /** Every lead an export of this filter holds, all pages (restricted ones left out, as in every export). */
  exportLeads: (filter: LeadFilter, onProgress: (rows: number) => void) => all<LeadRow>(`/v1/leads?format=json&${filterQuery(filter)}`, Infinity, onProgress),
  conversations: (from?: string) => all<ConversationRow>(`/v1/conversations?${range(from)}`),
  /** A conversation's messages after a sequence number (0: all of them), agent lines with the agent's name. */
  messagesAfter: async (conversationId: string, after: number) =>
    (await request<{ data: LiveMessage[] }>(`/v1/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}`)).data,
  /** An agent's reply; the same `id` again is stored once (a retry), answered with the stored sequence. */
  reply: (conversationId: string, message: { id: string; text: string; ts: string }) =>
    send<{ id: string; duplicate: boolean; seq: number }>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      ...message,
      author: 'agent',
    }),
  inbox: (view: InboxView) => request<InboxListing>(`/v1/inbox?view=${view}`),
  /** Gives a conversation to a person (`user:<id>`), or to nobody. */
  assign: (conversationId: string, assignee: string | null) =>
    send<ConversationState>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/assign`, { assignee }),
  close: (conversationId: string) => send<ConversationState>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/close`, {}),
  reopen: (conversationId: string) => send<ConversationState>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/reopen`, {}),
  /** The team has read the conversation up to `seq`. */
  seen: (conversationId: string, seq: number) => send<void>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/seen`, { seq }),
  /** A one-minute token that opens the team's live socket. */
  liveToken: () => send<{ token: string; expiresAt: string }>('POST', '/v1/live/token', {}),
  contact: (id: string) => request<ContactRecord>(`/v1/contacts/${encodeURIComponent(id)}`),
  updateContact: (id: string, change: Record<string, unknown>) => send<LeadRow>('PATCH', `/v1/contacts/${encodeURIComponent(id)}`, change),
  eraseContact: (id: string) => send<Receipt>('DELETE', `/v1/contacts/${encodeURIComponent(id)}`),
  audit: (filter: AuditFilter) => all<AuditRow>(`/v1/audit?${range(filter.from, filter.to)}`),
  users: async () => (await request<{ data: Member[] }>('/v1/users')).data,
  /** The people a conversation can go to (who may reply), and who of them is online: any role may ask. */
  inboxPeople: async () => (await request<{ data: { id: string; name: string; online: boolean }[] }>('/v1/inbox/people')).data,
  invite: (email: string, role: Role) => send<{ userId: string; inviteUrl: string }>('POST', '/v1/users', { email, role }),
  changeRole: (userId: string, role: Role) => send<Member>('PATCH', `/v1/users/${encodeURIComponent(userId)}`, { role }),
  removeUser: (userId: string) => send<void>('DELETE', `/v1/users/${encodeURIComponent(userId)}`),
  keys: async () => (await request<{ data: ApiKey[] }>('/v1/keys')).data,
  createKey: (name: string, scopes: KeyScope[]) => send<{ keyId: string; apiKey: string }>('POST', '/v1/keys', { name, scopes }),
  revokeKey: (keyId: string) => send<void>('DELETE', `/v1/keys/${encodeURIComponent(keyId)}`),
};

/**
 * Downloads an export through fetch rather than a link, to report bytes
 * received as it streams and to notice an ended session.
 */
export async function download(path: string, filename: string, onProgress: (bytes: number) => void): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (res.status === 401) dispatchEvent(new Event(SIGNED_OUT));
  if (!res.ok || !res.body) throw new ApiError(res.status, 'download_failed', 'The export failed');
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received);
  }
  saveFile(
    new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }),
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? filename,
  );
}

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
