/**
 * The one route table: every HTTP route, each entry its own export, named
 * as handlers use it (`apiHandler(routeTable.collect, …)` with `import * as
 * routeTable from './route-table'`). An entry per export, rather than one
 * object, lets the bundler keep only a function's own entry and the schemas
 * it names: building every route's schemas at each cold start cost a
 * tenth of the init time. `functions/routes.ts` lists them all for the local
 * server, the CDK stack and the OpenAPI document.
 */
import * as v from 'valibot';
import type { Permission } from '../shared/permissions';
import {
  AcceptInvitationBodySchema,
  AcceptedSchema,
  AddPasskeyBodySchema,
  CreateKeyBodySchema,
  InviteUserBodySchema,
  KeyCreatedSchema,
  KeyPathSchema,
  KeysSchema,
  LoginBodySchema,
  MeSchema,
  MemberSchema,
  MembersSchema,
  MfaBodySchema,
  PasskeyOptionsBodySchema,
  PasskeyPathSchema,
  PasskeySignInBodySchema,
  PasskeysSchema,
  RecoveryCodesSchema,
  ResetConfirmBodySchema,
  ResetRequestBodySchema,
  TotpConfirmBodySchema,
  TotpSetupSchema,
  UpdateUserBodySchema,
  UserInvitedSchema,
  UserPathSchema,
  WebAuthnOptionsSchema,
} from '../shared/schemas/accounts';
import { LeadListQuerySchema, ListQuerySchema } from '../shared/schemas/exports';
import {
  AssignBodySchema,
  ConversationStateSchema,
  HandoverBodySchema,
  HandoverResultSchema,
  InboxPageSchema,
  InboxPeopleSchema,
  InboxQuerySchema,
  LiveTokenSchema,
  MessagePageSchema,
  MessagesAfterQuerySchema,
  SeenBodySchema,
} from '../shared/schemas/live';
import {
  CollectBodySchema,
  CollectResultSchema,
  ConversationStartedSchema,
  LeadBodySchema,
  LeadCapturedSchema,
  MessageBodySchema,
  MessageStoredSchema,
  StartConversationBodySchema,
} from '../shared/schemas/ingest';
import { ContactPatchSchema } from '../shared/schemas/lead-fields';
import { IdSchema, SiteKeySchema } from '../shared/schemas/primitives';
import {
  AuditPageSchema,
  ClosureReceiptSchema,
  CloseTenantBodySchema,
  ContactAccessSchema,
  ConversationPageSchema,
  DeletionReceiptSchema,
  DocumentSchema,
  EventPageSchema,
  LeadPageSchema,
  OrganizationPageSchema,
} from '../shared/schemas/responses';
import {
  BotDraftSchema,
  BotListSchema,
  BotPathSchema,
  BotSchema,
  BotShownBodySchema,
  BotStatsSchema,
  BotVersionSchema,
  RollbackBodySchema,
} from '../shared/schemas/bots';
import { SettingsChangeSchema, TenantSettingsSchema, WidgetConfigSchema } from '../shared/schemas/settings';
import { AlertRulesSchema, NotificationPrefsSchema } from '../shared/schemas/notifications';
import {
  CreateWebhookBodySchema,
  DeliveriesSchema,
  DeliveryPathSchema,
  DeliverySchema,
  HubSpotConnectBodySchema,
  HubSpotStatusSchema,
  TestSentSchema,
  UpdateWebhookBodySchema,
  WebhookCreatedSchema,
  WebhookPathSchema,
  WebhookSchema,
  WebhookSecretSchema,
  WebhooksSchema,
} from '../shared/schemas/webhooks';

/**
 * A route. The local server, the CDK stack, the OpenAPI document and each
 * handler's middleware stack are all generated from the table: adding an
 * endpoint is one entry here plus its handler module `functions/<module>.ts`
 * exporting `handler = apiHandler(routeTable.<name>, …)`.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'ANY';
  /** API Gateway style path, `{name}` for a path parameter, `{name+}` for the rest of the path. */
  path: string;
  /** Handler module under `functions/`, without extension. */
  module: string;
  /**
   * Who may call it: `none`; `site` (the public site key in the body or
   * query, the tenant's allowed origins, the site's rate limit); `visitor`
   * (the `X-Parley-Visitor` token); `apiKey` (a customer: `Authorization:
   * Bearer sk_…`, or a signed-in person's session cookie with CSRF header;
   * the rate limit per key or person); `session` (a signed-in person only);
   * `participant` (either side of a conversation: the visitor's token when
   * `X-Parley-Visitor` is sent, else a customer as for `apiKey`).
   */
  auth: 'none' | 'site' | 'visitor' | 'apiKey' | 'session' | 'participant';
  /**
   * What an `apiKey` route needs of the caller's role or key scopes (see
   * domain/accounts/permissions.ts); `read` when not named.
   */
  permission?: Permission;
  /** Sends mail (granted SES in AWS). */
  sendsMail?: true;
  /** Pushes to live chat sockets (granted the WebSocket API's Management API in AWS). */
  pushesLive?: true;
  /** `false`: a signed-in POST without the CSRF header is accepted (sign-out: forcing one harms no one). */
  csrf?: false;
  /** Validated before the handler runs; a failure is 400 with the issues. */
  input?: { path?: v.GenericSchema; query?: v.GenericSchema; body?: v.GenericSchema };
  /** Largest body accepted (413 past it), default 64 KiB. */
  maxBodyBytes?: number;
  /** Status of a successful answer. */
  status: 200 | 201 | 202 | 204;
  /** JSON answer; `files` lists the other formats a listing streams. */
  response?: v.GenericSchema;
  files?: readonly ('csv' | 'xlsx' | 'zip')[];
  /**
   * Table access the function is granted. `read`: reads, plus the single-item
   * writes every route makes for its audit entries and rate-limit counters
   * (PutItem, UpdateItem). `write`: also deletes, batch and transactional writes.
   */
  access: 'read' | 'write';
  /** Streams its response (large exports); in AWS served by a Function URL. */
  stream?: boolean;
  summary: string;
}

/** Types an entry; marked free of side effects, so a bundle drops the entries it does not use. */
const route = /* @__NO_SIDE_EFFECTS__ */ <const R extends Route>(r: R): R => r;

/**
 * A schema of the table's own, built where it stands. esbuild does not
 * carry valibot's no-side-effects marks across modules, so this wrapper
 * carries them here: an entry that builds a schema is dropped as well.
 */
const built = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

const ContactPath = built(() => v.object({ contactId: IdSchema }));
const ContactQuery = built(() => v.object({ format: ListQuerySchema.entries.format, bom: ListQuerySchema.entries.bom }));
const ConversationPath = built(() => v.object({ id: IdSchema }));
/** What every export listing's entry has; entries that spread it are `built` too (a spread may run getters, so a bundler keeps it). */
const listing = { input: { query: ListQuerySchema }, status: 200, files: ['csv', 'xlsx'], access: 'read', stream: true, auth: 'apiKey' } as const;

export const preflight = route({
  method: 'OPTIONS',
  path: '/v1/{proxy+}',
  module: 'options-preflight',
  auth: 'none',
  status: 204,
  access: 'read',
  summary: 'CORS preflight',
});
export const widgetConfig = route({
  method: 'GET',
  path: '/v1/widget/config',
  module: 'get-widget-config',
  auth: 'site',
  input: { query: built(() => v.object({ site: SiteKeySchema })) },
  status: 200,
  response: WidgetConfigSchema,
  access: 'read',
  summary: 'Bot flow, texts, theme and consent mode for the widget',
});
export const collect = route({
  method: 'POST',
  path: '/v1/collect',
  module: 'post-collect',
  auth: 'site',
  input: { body: CollectBodySchema },
  status: 202,
  response: CollectResultSchema,
  access: 'write',
  summary: 'Record a batch of behavioural events',
});
export const startConversation = route({
  method: 'POST',
  path: '/v1/conversations',
  module: 'post-conversation',
  auth: 'site',
  input: { body: StartConversationBodySchema },
  status: 201,
  response: ConversationStartedSchema,
  access: 'write',
  summary: 'Start (or resume) a conversation',
});
export const postMessage = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/messages',
  module: 'post-message',
  // The visitor (their token), or a person of the team replying as `agent` (key or signed in).
  auth: 'participant',
  permission: 'write',
  sendsMail: true,
  input: { path: ConversationPath, body: MessageBodySchema },
  status: 201,
  response: MessageStoredSchema,
  access: 'write',
  summary: 'Add a message to a conversation: the visitor, or an agent replying (sent live to the visitor)',
});
export const messagesAfter = route({
  method: 'GET',
  path: '/v1/conversations/{id}/messages',
  module: 'get-messages',
  auth: 'participant',
  permission: 'read',
  input: { path: ConversationPath, query: MessagesAfterQuerySchema },
  status: 200,
  response: MessagePageSchema,
  access: 'read',
  summary: 'The messages after a sequence number (what a reconnecting widget missed)',
});
export const inbox = route({
  method: 'GET',
  path: '/v1/inbox',
  module: 'get-inbox',
  auth: 'apiKey',
  permission: 'read',
  input: { query: InboxQuerySchema },
  status: 200,
  response: InboxPageSchema,
  access: 'read',
  summary: 'The live chat inbox: conversations waiting, mine, all open or closed, with unread counts and who is online',
});
export const inboxPeople = route({
  method: 'GET',
  path: '/v1/inbox/people',
  module: 'get-inbox-people',
  auth: 'apiKey',
  permission: 'read',
  status: 200,
  response: InboxPeopleSchema,
  access: 'read',
  summary: 'The people a conversation can be given to (who may reply), and who of them is online',
});
export const assignConversation = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/assign',
  module: 'post-conversation-assign',
  auth: 'apiKey',
  permission: 'write',
  input: { path: ConversationPath, body: AssignBodySchema },
  status: 200,
  response: ConversationStateSchema,
  access: 'write',
  summary: 'Give a conversation to a person of the team (or to nobody)',
});
export const closeConversation = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/close',
  module: 'post-conversation-close',
  auth: 'apiKey',
  permission: 'write',
  input: { path: ConversationPath },
  status: 200,
  response: ConversationStateSchema,
  access: 'write',
  summary: 'Close a conversation (the visitor writing again reopens it)',
});
export const reopenConversation = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/reopen',
  module: 'post-conversation-reopen',
  auth: 'apiKey',
  permission: 'write',
  input: { path: ConversationPath },
  status: 200,
  response: ConversationStateSchema,
  access: 'write',
  summary: 'Reopen a closed conversation',
});
export const conversationSeen = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/seen',
  module: 'post-conversation-seen',
  auth: 'participant',
  permission: 'read',
  input: { path: ConversationPath, body: SeenBodySchema },
  status: 204,
  access: 'write',
  summary: 'Mark a conversation read up to a sequence number (the other side sees "Seen")',
});
export const handover = route({
  method: 'POST',
  pushesLive: true,
  path: '/v1/conversations/{id}/handover',
  module: 'post-conversation-handover',
  auth: 'visitor',
  input: { path: ConversationPath, body: HandoverBodySchema },
  status: 200,
  response: HandoverResultSchema,
  access: 'write',
  summary: 'The visitor asks for a person; says whether anyone is online, and keeps an email for a reply',
});
export const liveToken = route({
  method: 'POST',
  path: '/v1/live/token',
  module: 'post-live-token',
  auth: 'apiKey',
  permission: 'read',
  status: 201,
  response: LiveTokenSchema,
  access: 'read',
  summary: "A one-minute token that opens the team's live socket (`/v1/live?token=…`)",
});
export const captureLead = route({
  method: 'POST',
  path: '/v1/leads',
  module: 'post-lead',
  auth: 'site',
  input: { body: LeadBodySchema },
  status: 201,
  response: LeadCapturedSchema,
  access: 'write',
  summary: 'Capture a lead',
});
export const forgetVisitor = route({
  method: 'DELETE',
  path: '/v1/visitors/me',
  module: 'delete-visitor-me',
  auth: 'visitor',
  status: 204,
  access: 'write',
  summary: 'A visitor erases their own data',
});
export const leads = built(() =>
  route({
    ...listing,
    method: 'GET',
    path: '/v1/leads',
    module: 'get-leads',
    input: { query: LeadListQuerySchema },
    response: LeadPageSchema,
    summary: 'Export leads (JSON pages, CSV or XLSX)',
  }),
);
export const conversations = built(() =>
  route({
    ...listing,
    method: 'GET',
    path: '/v1/conversations',
    module: 'get-conversations',
    response: ConversationPageSchema,
    summary: 'Export conversations with their messages',
  }),
);
export const events = built(() =>
  route({ ...listing, method: 'GET', path: '/v1/events', module: 'get-events', response: EventPageSchema, summary: 'Export behavioural events' }),
);
export const organizations = built(() =>
  route({
    ...listing,
    method: 'GET',
    path: '/v1/organizations',
    module: 'get-organizations',
    response: OrganizationPageSchema,
    summary: 'Organisation profiles derived from leads',
  }),
);
export const audit = built(() =>
  route({
    ...listing,
    method: 'GET',
    path: '/v1/audit',
    module: 'get-audit',
    response: AuditPageSchema,
    summary: 'The audit log: exports, erasures and other mass operations',
  }),
);
export const contact = route({
  method: 'GET',
  path: '/v1/contacts/{contactId}',
  module: 'get-contact',
  auth: 'apiKey',
  input: { path: ContactPath, query: ContactQuery },
  status: 200,
  response: ContactAccessSchema,
  files: ['csv', 'xlsx'],
  access: 'read',
  stream: true,
  summary: 'Everything stored about one contact (access, portability)',
});
export const correctContact = route({
  method: 'PATCH',
  path: '/v1/contacts/{contactId}',
  module: 'patch-contact',
  auth: 'apiKey',
  permission: 'write',
  input: { path: ContactPath, body: ContactPatchSchema },
  status: 200,
  response: built(() => LeadPageSchema.entries.data.item),
  access: 'write',
  summary: 'Correct a contact or restrict its processing',
});
export const eraseContact = route({
  method: 'DELETE',
  path: '/v1/contacts/{contactId}',
  module: 'delete-contact',
  auth: 'apiKey',
  permission: 'erase',
  input: { path: ContactPath },
  status: 200,
  response: DeletionReceiptSchema,
  access: 'write',
  summary: 'Erase a contact and everything linked, with a deletion receipt',
});
export const archive = route({
  method: 'GET',
  path: '/v1/export',
  module: 'get-export',
  auth: 'apiKey',
  permission: 'export',
  status: 200,
  files: ['zip'],
  access: 'read',
  stream: true,
  summary: 'Everything the tenant owns as one ZIP (JSON, CSV and JSON Schemas)',
});
export const closeTenant = route({
  method: 'POST',
  path: '/v1/tenant/close',
  module: 'post-tenant-close',
  auth: 'apiKey',
  permission: 'close',
  input: { body: CloseTenantBodySchema },
  status: 200,
  response: ClosureReceiptSchema,
  access: 'write',
  summary: 'Close the account: delete all its data, with a receipt',
});
export const schema = route({
  method: 'GET',
  path: '/v1/schema',
  module: 'get-schema',
  auth: 'none',
  status: 200,
  response: DocumentSchema,
  access: 'read',
  summary: 'JSON Schema of every exportable structure',
});
export const openApi = route({
  method: 'GET',
  path: '/v1/openapi.json',
  module: 'get-openapi',
  auth: 'none',
  status: 200,
  response: DocumentSchema,
  access: 'read',
  summary: 'This API as OpenAPI 3.1',
});
export const settings = route({
  method: 'GET',
  path: '/v1/settings',
  module: 'get-settings',
  auth: 'apiKey',
  permission: 'settings',
  status: 200,
  response: TenantSettingsSchema,
  access: 'read',
  summary: 'Read the tenant settings',
});
export const saveSettings = route({
  method: 'PUT',
  path: '/v1/settings',
  module: 'put-settings',
  auth: 'apiKey',
  permission: 'settings',
  input: { body: SettingsChangeSchema },
  status: 200,
  response: TenantSettingsSchema,
  access: 'write',
  summary: 'Change the tenant settings',
});
export const acceptInvitation = route({
  method: 'POST',
  path: '/v1/auth/accept',
  module: 'post-auth-accept',
  auth: 'none',
  input: { body: AcceptInvitationBodySchema },
  maxBodyBytes: 4096,
  status: 200,
  response: MeSchema,
  access: 'write',
  summary: 'Accept an invitation: set a password and sign in',
});
export const login = route({
  method: 'POST',
  path: '/v1/auth/login',
  module: 'post-auth-login',
  auth: 'none',
  input: { body: LoginBodySchema },
  maxBodyBytes: 4096,
  status: 200,
  response: MeSchema,
  access: 'write',
  summary: 'Sign in with email and password (answers mfaRequired and a challenge when a second factor is on)',
});
export const mfa = route({
  method: 'POST',
  path: '/v1/auth/mfa',
  module: 'post-auth-mfa',
  auth: 'none',
  input: { body: MfaBodySchema },
  maxBodyBytes: 4096,
  status: 200,
  response: MeSchema,
  access: 'write',
  summary: 'Finish a sign-in with the second factor',
});
export const passkeySignInOptions = route({
  method: 'POST',
  path: '/v1/auth/passkey/options',
  module: 'post-auth-passkey-options',
  auth: 'none',
  input: { body: PasskeyOptionsBodySchema },
  maxBodyBytes: 4096,
  status: 200,
  response: WebAuthnOptionsSchema,
  access: 'write',
  summary: 'WebAuthn options to finish a sign-in with a passkey (the challenge of the sign-in in the body)',
});
export const passkeySignIn = route({
  method: 'POST',
  path: '/v1/auth/passkey',
  module: 'post-auth-passkey',
  auth: 'none',
  input: { body: PasskeySignInBodySchema },
  maxBodyBytes: 16_384,
  status: 200,
  response: MeSchema,
  access: 'write',
  summary: 'Finish a sign-in with a passkey',
});
export const requestReset = route({
  method: 'POST',
  path: '/v1/auth/reset',
  module: 'post-auth-reset',
  sendsMail: true,
  auth: 'none',
  input: { body: ResetRequestBodySchema },
  maxBodyBytes: 4096,
  status: 202,
  response: AcceptedSchema,
  access: 'write',
  summary: 'Mail a password reset link (the same answer whether or not the email has an account)',
});
export const confirmReset = route({
  method: 'POST',
  path: '/v1/auth/reset/confirm',
  module: 'post-auth-reset-confirm',
  auth: 'none',
  input: { body: ResetConfirmBodySchema },
  maxBodyBytes: 4096,
  status: 204,
  access: 'write',
  summary: 'Set a new password with a reset link; every session of the person ends',
});
export const logout = route({
  method: 'POST',
  path: '/v1/auth/logout',
  module: 'post-auth-logout',
  auth: 'session',
  csrf: false,
  status: 204,
  access: 'write',
  summary: 'Sign out: the session ends everywhere',
});
export const beginTotp = route({
  method: 'POST',
  path: '/v1/me/mfa/totp',
  module: 'post-me-totp',
  auth: 'session',
  status: 200,
  response: TotpSetupSchema,
  access: 'write',
  summary: 'Start setting up an authenticator app: a new secret and its otpauth:// URI',
});
export const confirmTotp = route({
  method: 'POST',
  path: '/v1/me/mfa/totp/confirm',
  module: 'post-me-totp-confirm',
  auth: 'session',
  input: { body: TotpConfirmBodySchema },
  status: 200,
  response: RecoveryCodesSchema,
  access: 'write',
  summary: 'Turn the second factor on with a code from the app; answers recovery codes (shown once)',
});
export const passkeyOptions = route({
  method: 'POST',
  path: '/v1/me/passkeys/options',
  module: 'post-me-passkeys-options',
  auth: 'session',
  status: 200,
  response: WebAuthnOptionsSchema,
  access: 'write',
  summary: 'WebAuthn options to add a passkey as a second factor',
});
export const addPasskey = route({
  method: 'POST',
  path: '/v1/me/passkeys',
  module: 'post-me-passkey',
  auth: 'session',
  input: { body: AddPasskeyBodySchema },
  maxBodyBytes: 32_768,
  status: 201,
  response: PasskeysSchema,
  access: 'write',
  summary: "Add a passkey: the browser's answer to the options; answers the passkeys",
});
export const passkeys = route({
  method: 'GET',
  path: '/v1/me/passkeys',
  module: 'get-me-passkeys',
  auth: 'session',
  status: 200,
  response: PasskeysSchema,
  access: 'read',
  summary: "The signed-in person's passkeys: names and dates, never a key",
});
export const removePasskey = route({
  method: 'DELETE',
  path: '/v1/me/passkeys/{id}',
  module: 'delete-me-passkey',
  auth: 'session',
  input: { path: PasskeyPathSchema },
  status: 204,
  access: 'write',
  summary: 'Remove a passkey',
});
export const endSessions = route({
  method: 'POST',
  path: '/v1/me/sessions/end',
  module: 'post-me-sessions-end',
  auth: 'session',
  status: 204,
  access: 'write',
  summary: 'Sign out everywhere: every session of the signed-in person ends',
});
export const me = route({
  method: 'GET',
  path: '/v1/me',
  module: 'get-me',
  auth: 'session',
  status: 200,
  response: MeSchema,
  access: 'read',
  summary: 'The signed-in person, their role and CSRF token',
});
export const users = route({
  method: 'GET',
  path: '/v1/users',
  module: 'get-users',
  auth: 'apiKey',
  permission: 'users',
  status: 200,
  response: MembersSchema,
  access: 'read',
  summary: 'The team',
});
export const inviteUser = route({
  method: 'POST',
  path: '/v1/users',
  module: 'post-user',
  sendsMail: true,
  auth: 'apiKey',
  permission: 'users',
  input: { body: InviteUserBodySchema },
  status: 201,
  response: UserInvitedSchema,
  access: 'write',
  summary: 'Invite a person with a role (the invitation is mailed)',
});
export const updateUser = route({
  method: 'PATCH',
  path: '/v1/users/{userId}',
  module: 'patch-user',
  auth: 'apiKey',
  permission: 'users',
  input: { path: UserPathSchema, body: UpdateUserBodySchema },
  status: 200,
  response: MemberSchema,
  access: 'write',
  summary: "Change a person's role",
});
export const removeUser = route({
  method: 'DELETE',
  path: '/v1/users/{userId}',
  module: 'delete-user',
  auth: 'apiKey',
  permission: 'users',
  input: { path: UserPathSchema },
  status: 204,
  access: 'write',
  summary: 'Remove a person from the team (their sessions end)',
});
export const keys = route({
  method: 'GET',
  path: '/v1/keys',
  module: 'get-keys',
  auth: 'apiKey',
  permission: 'keys',
  status: 200,
  response: KeysSchema,
  access: 'read',
  summary: 'The secret keys (never their secrets)',
});
export const createKey = route({
  method: 'POST',
  path: '/v1/keys',
  module: 'post-key',
  auth: 'apiKey',
  permission: 'keys',
  input: { body: CreateKeyBodySchema },
  status: 201,
  response: KeyCreatedSchema,
  access: 'write',
  summary: 'Create a named, scoped secret key (shown once)',
});
export const revokeKey = route({
  method: 'DELETE',
  path: '/v1/keys/{keyId}',
  module: 'delete-key',
  auth: 'apiKey',
  permission: 'keys',
  input: { path: KeyPathSchema },
  status: 204,
  access: 'write',
  summary: 'Revoke a secret key at once',
});
export const bots = route({
  method: 'GET',
  path: '/v1/bots',
  module: 'get-bots',
  auth: 'apiKey',
  permission: 'settings',
  status: 200,
  response: BotListSchema,
  access: 'read',
  summary: "The tenant's bots: drafts and the version each runs",
});
export const createBot = route({
  method: 'POST',
  path: '/v1/bots',
  module: 'post-bot',
  auth: 'apiKey',
  permission: 'settings',
  input: { body: BotDraftSchema },
  status: 201,
  response: BotSchema,
  access: 'write',
  summary: 'Create a bot (a draft; it runs once published)',
});
export const bot = route({
  method: 'GET',
  path: '/v1/bots/{botId}',
  module: 'get-bot',
  auth: 'apiKey',
  permission: 'settings',
  input: { path: BotPathSchema },
  status: 200,
  response: BotSchema,
  access: 'read',
  summary: 'One bot',
});
export const saveBot = route({
  method: 'PUT',
  path: '/v1/bots/{botId}',
  module: 'put-bot',
  auth: 'apiKey',
  permission: 'settings',
  input: { path: BotPathSchema, body: BotDraftSchema },
  status: 200,
  response: BotSchema,
  access: 'write',
  summary: "Replace a bot's draft",
});
export const publishBot = route({
  method: 'POST',
  path: '/v1/bots/{botId}/publish',
  module: 'post-bot-publish',
  auth: 'apiKey',
  permission: 'settings',
  input: { path: BotPathSchema },
  status: 200,
  response: BotSchema,
  access: 'write',
  summary: 'Publish the draft as a new immutable version, checked first (no dead ends, each field asked once)',
});
export const rollbackBot = route({
  method: 'POST',
  path: '/v1/bots/{botId}/rollback',
  module: 'post-bot-rollback',
  auth: 'apiKey',
  permission: 'settings',
  input: { path: BotPathSchema, body: RollbackBodySchema },
  status: 200,
  response: BotSchema,
  access: 'write',
  summary: 'Run an earlier published version again',
});
export const botShown = route({
  method: 'POST',
  path: '/v1/bots/shown',
  module: 'post-bot-shown',
  auth: 'site',
  input: { body: BotShownBodySchema },
  maxBodyBytes: 1024,
  status: 204,
  access: 'read',
  summary: 'The widget showed a bot (counted per A/B variant; nothing about the visitor is kept)',
});
export const botStats = route({
  method: 'GET',
  path: '/v1/bots/{botId}/stats',
  module: 'get-bot-stats',
  auth: 'apiKey',
  permission: 'settings',
  input: { path: BotPathSchema },
  status: 200,
  response: BotStatsSchema,
  access: 'read',
  summary: 'Shown, started and converted per A/B variant, with a 95 % Wilson interval',
});
export const botVersion = route({
  method: 'GET',
  path: '/v1/bots/{botId}/versions/{version}',
  module: 'get-bot-version',
  auth: 'apiKey',
  permission: 'settings',
  input: {
    path: built(() =>
      v.object({ botId: IdSchema, version: v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,5}$/, 'must be a version number'), v.transform(Number)) }),
    ),
  },
  status: 200,
  response: BotVersionSchema,
  access: 'read',
  summary: 'One published version of a bot, as it was published',
});
export const webhooks = route({
  method: 'GET',
  path: '/v1/webhooks',
  module: 'get-webhooks',
  auth: 'apiKey',
  permission: 'webhooks',
  status: 200,
  response: WebhooksSchema,
  access: 'read',
  summary: 'The webhook endpoints (never their secrets)',
});
export const createWebhook = route({
  method: 'POST',
  path: '/v1/webhooks',
  module: 'post-webhook',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { body: CreateWebhookBodySchema },
  status: 201,
  response: WebhookCreatedSchema,
  access: 'write',
  summary: 'Add a webhook endpoint: https on a public address; answers its signing secret (shown once)',
});
export const updateWebhook = route({
  method: 'PATCH',
  path: '/v1/webhooks/{id}',
  module: 'patch-webhook',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: WebhookPathSchema, body: UpdateWebhookBodySchema },
  status: 200,
  response: WebhookSchema,
  access: 'write',
  summary: 'Change the URL or events of an endpoint, or turn it off or on',
});
export const deleteWebhook = route({
  method: 'DELETE',
  path: '/v1/webhooks/{id}',
  module: 'delete-webhook',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: WebhookPathSchema },
  status: 204,
  access: 'write',
  summary: 'Remove an endpoint',
});
export const rotateWebhookSecret = route({
  method: 'POST',
  path: '/v1/webhooks/{id}/rotate',
  module: 'post-webhook-rotate',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: WebhookPathSchema },
  status: 200,
  response: WebhookSecretSchema,
  access: 'write',
  summary: 'A new signing secret (shown once); the previous one also signs for 24 hours',
});
export const testWebhook = route({
  method: 'POST',
  path: '/v1/webhooks/{id}/test',
  module: 'post-webhook-test',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: WebhookPathSchema },
  status: 200,
  response: TestSentSchema,
  access: 'write',
  summary: 'Send a signed `webhook.test` event now; answers what the endpoint answered',
});
export const webhookDeliveries = route({
  method: 'GET',
  path: '/v1/webhooks/{id}/deliveries',
  module: 'get-webhook-deliveries',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: WebhookPathSchema },
  status: 200,
  response: DeliveriesSchema,
  access: 'read',
  summary: "An endpoint's delivery log, newest first: status, attempts, the last response code",
});
export const redeliverWebhook = route({
  method: 'POST',
  path: '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
  module: 'post-webhook-redeliver',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { path: DeliveryPathSchema },
  status: 202,
  response: DeliverySchema,
  access: 'write',
  summary: 'Send a finished delivery again (same webhook-id)',
});
export const connectHubspot = route({
  method: 'PUT',
  path: '/v1/integrations/hubspot',
  module: 'put-hubspot',
  auth: 'apiKey',
  permission: 'webhooks',
  input: { body: HubSpotConnectBodySchema },
  status: 200,
  response: HubSpotStatusSchema,
  access: 'write',
  summary:
    'Push each new or updated lead to HubSpot as a contact (by email), with a private-app token stored sealed; its log, pause and removal are the webhook routes with id `hubspot`',
});
export const notificationPrefs = route({
  method: 'GET',
  path: '/v1/me/notifications',
  module: 'get-me-notifications',
  auth: 'session',
  status: 200,
  response: NotificationPrefsSchema,
  access: 'read',
  summary: 'What the signed-in person is mailed about: new leads, the daily digest, alerts',
});
export const saveNotificationPrefs = route({
  method: 'PUT',
  path: '/v1/me/notifications',
  module: 'put-me-notifications',
  auth: 'session',
  input: { body: NotificationPrefsSchema },
  status: 200,
  response: NotificationPrefsSchema,
  access: 'write',
  summary: 'Choose what the signed-in person is mailed about',
});
export const alertRules = route({
  method: 'GET',
  path: '/v1/alerts',
  module: 'get-alerts',
  auth: 'apiKey',
  permission: 'settings',
  status: 200,
  response: AlertRulesSchema,
  access: 'read',
  summary: "The team's threshold alerts now in force (null: off)",
});
export const saveAlertRules = route({
  method: 'PUT',
  path: '/v1/alerts',
  module: 'put-alerts',
  auth: 'apiKey',
  permission: 'settings',
  input: { body: AlertRulesSchema },
  status: 200,
  response: AlertRulesSchema,
  access: 'write',
  summary: "Set the team's threshold alerts (sent by mail and as `alert.triggered`); answers the rules now in force",
});
export const notFound = route({
  method: 'ANY',
  path: '/{proxy+}',
  module: 'not-found',
  auth: 'none',
  status: 200,
  access: 'read',
  summary: 'Any other path: 404 in the error shape',
});
