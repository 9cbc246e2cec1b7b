import { type Tenant, getTenant } from '../tenants';
import type { Person } from './people';
import type { Role } from '../../../shared/permissions';
import { createSession, csrfTokenFor } from './sessions';
import { sha256 } from '../../lib/ids';
import { unauthorized } from '../../lib/errors';

export interface SignInResult {
  cookie: string;
  expiresAt: Date;
  me: { user: { id: string; email: string; name: string }; tenantId: string; tenantName: string; role: Role; csrfToken: string; mfa: boolean };
}

/** Opens a session for a person in a tenant they belong to (the first one, when none is named). */
export async function signIn(person: Person, options: { tenantId?: string; mfa?: boolean } = {}): Promise<SignInResult> {
  const { tenantId, mfa = false } = options;
  const chosen = tenantId ?? Object.keys(person.memberships)[0];
  const role = chosen ? person.memberships[chosen] : undefined;
  const tenant: Tenant | undefined = chosen ? await getTenant(chosen) : undefined;
  if (!chosen || !role || !tenant) throw unauthorized('This account belongs to no active team');
  const { cookie, expiresAt } = await createSession(chosen, person.userId, mfa);
  return {
    cookie,
    expiresAt,
    me: {
      user: { id: person.userId, email: person.email, name: person.name },
      tenantId: chosen,
      tenantName: tenant.name,
      role,
      csrfToken: csrfTokenFor(chosen, sha256(cookie)),
      mfa: Boolean(person.totp),
    },
  };
}
