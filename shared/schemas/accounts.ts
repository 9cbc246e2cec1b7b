import * as v from 'valibot';
import { LeadFieldSchemas } from './lead-fields';
import { IdSchema, text } from './primitives';

/** Roles of a person in a tenant (SPEC). */
export const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
/** Scopes of a managed secret key; a key without scopes is a full-scope key. */
export const KEY_SCOPES = ['export', 'privacy', 'settings', 'ingest-admin'] as const;

const EmailSchema = LeadFieldSchemas.email;
const PasswordSchema = v.pipe(
  v.string('must be a string'),
  v.minLength(10, 'must be at least 10 characters'),
  v.maxLength(200, 'must be at most 200 characters'),
);

/** `POST /v1/auth/accept` */
export const AcceptInvitationBodySchema = v.object({ token: v.pipe(v.string(), v.maxLength(200)), password: PasswordSchema, name: v.optional(text(100)) });
/** `POST /v1/auth/login` */
export const LoginBodySchema = v.object({ email: EmailSchema, password: v.pipe(v.string('must be a string'), v.maxLength(200)) });
/** `POST /v1/auth/mfa` */
export const MfaBodySchema = v.object({
  challenge: v.pipe(v.string(), v.maxLength(200)),
  code: v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{6,20}$/, 'must be a code')),
});

export const UserSchema = v.object({ id: v.string(), email: v.string(), name: v.string() });
/** `GET /v1/me`; also the answer of a sign-in. */
export const MeSchema = v.object({
  user: UserSchema,
  tenantId: v.string(),
  /** The team's name, for a header (agents and viewers cannot read the settings). */
  tenantName: v.string(),
  role: v.picklist(ROLES),
  csrfToken: v.string(),
  /** Whether the person has an authenticator app on. */
  mfa: v.boolean(),
});
/** Second factors a sign-in may finish with. */
export const MFA_METHODS = ['totp', 'passkey'] as const;
export const MfaRequiredSchema = v.object({ mfaRequired: v.literal(true), challenge: v.string(), methods: v.array(v.picklist(MFA_METHODS)) });

/** `POST /v1/users` */
export const InviteUserBodySchema = v.object({ email: EmailSchema, role: v.picklist(ROLES, 'must be owner, admin, agent or viewer') });
/** `PATCH /v1/users/{userId}` */
export const UpdateUserBodySchema = v.strictObject({ role: v.picklist(ROLES, 'must be owner, admin, agent or viewer') }, 'has an unknown field');
export const UserPathSchema = v.object({ userId: IdSchema });
export const MemberSchema = v.object({
  userId: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.picklist(ROLES),
  createdAt: v.string(),
  pending: v.optional(v.boolean()),
});
export const MembersSchema = v.object({ data: v.array(MemberSchema) });
export const UserInvitedSchema = v.object({ userId: v.string(), inviteUrl: v.string() });

/** `POST /v1/keys` */
export const CreateKeyBodySchema = v.object({
  name: text(100),
  scopes: v.pipe(v.array(v.picklist(KEY_SCOPES, 'must be export, privacy, settings or ingest-admin')), v.minLength(1, 'must name at least one scope')),
});
export const KeyPathSchema = v.object({ keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{8}$/, 'is not a key id')) });
export const KeyCreatedSchema = v.object({ keyId: v.string(), apiKey: v.string() });
export const KeysSchema = v.object({
  data: v.array(
    v.object({
      keyId: v.string(),
      name: v.string(),
      scopes: v.array(v.picklist(KEY_SCOPES)),
      createdAt: v.string(),
      createdBy: v.optional(v.string()),
      lastUsedAt: v.optional(v.string()),
      revokedAt: v.optional(v.string()),
    }),
  ),
});

/** `POST /v1/me/mfa/totp` → the new secret, shown once */
export const TotpSetupSchema = v.object({ secret: v.string(), otpauthUrl: v.string() });
/** `POST /v1/me/mfa/totp/confirm` */
export const TotpConfirmBodySchema = v.object({ code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6-digit code')) });
export const RecoveryCodesSchema = v.object({ recoveryCodes: v.array(v.string()) });

/** `POST /v1/auth/reset` */
export const ResetRequestBodySchema = v.object({ email: EmailSchema });
/** `POST /v1/auth/reset/confirm` */
export const ResetConfirmBodySchema = v.object({ token: v.pipe(v.string(), v.maxLength(200)), password: PasswordSchema });
export const AcceptedSchema = v.object({ accepted: v.literal(true) });

const b64url = (max: number) => v.pipe(v.string('must be a string'), v.maxLength(max), v.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'));
const SignInChallengeSchema = v.pipe(v.string(), v.maxLength(200));
/** A WebAuthn credential as the browser hands it over (JSON form); the signature checks happen on the server. */
const CredentialShape = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: v.literal('public-key'),
  authenticatorAttachment: v.exactOptional(v.picklist(['platform', 'cross-platform'])),
  clientExtensionResults: v.looseObject({}),
};
export const RegistrationResponseSchema = v.object({
  ...CredentialShape,
  response: v.looseObject({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports: v.exactOptional(v.array(v.pipe(v.string(), v.maxLength(20)))),
  }),
});
export const AuthenticationResponseSchema = v.object({
  ...CredentialShape,
  response: v.looseObject({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: v.exactOptional(b64url(200)),
  }),
});
/** `POST /v1/me/passkeys/options` and `POST /v1/auth/passkey/options` → WebAuthn options for the browser, passed on as they are. */
export const WebAuthnOptionsSchema = v.looseObject({ challenge: v.string() });
/** `POST /v1/me/passkeys` */
export const AddPasskeyBodySchema = v.object({ response: RegistrationResponseSchema, name: v.optional(text(100)) });
export const PasskeyPathSchema = v.object({ id: b64url(1400) });
export const PasskeySchema = v.object({ id: v.string(), name: v.string(), createdAt: v.string(), lastUsedAt: v.optional(v.string()) });
export const PasskeysSchema = v.object({ data: v.array(PasskeySchema) });
/** `POST /v1/auth/passkey/options` */
export const PasskeyOptionsBodySchema = v.object({ challenge: SignInChallengeSchema });
/** `POST /v1/auth/passkey` */
export const PasskeySignInBodySchema = v.object({ challenge: SignInChallengeSchema, response: AuthenticationResponseSchema });
