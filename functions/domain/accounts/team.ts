import { ApiError } from '../../lib/errors';
import { type Member, listMembers } from './people';
import type { Role } from '../../../shared/permissions';

const forbidden = (why: string) => new ApiError(403, 'forbidden', why);

/**
 * The rules of changing a team: only owners (and full-scope keys) touch
 * owners or make new ones; the last owner can neither leave nor be demoted,
 * so a team is never left without one.
 */
export async function assertMayChange(tenantId: string, actorRole: string, target: Member | undefined, nextRole: Role | 'removed'): Promise<void> {
  const ownerLike = actorRole === 'owner' || actorRole === 'full';
  if (!ownerLike && (target?.role === 'owner' || nextRole === 'owner')) throw forbidden('Only an owner may change owners');
  if (target?.role === 'owner' && nextRole !== 'owner' && !target.pending) {
    const owners = (await listMembers(tenantId)).filter((m) => m.role === 'owner' && !m.pending);
    if (owners.length <= 1) throw new ApiError(409, 'last_owner', 'A team needs an owner: make someone else owner first');
  }
}
