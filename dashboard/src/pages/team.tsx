import { useState } from 'preact/hooks';
import { ROLES } from '../../../shared/schemas/accounts';
import { type Me, type Role, api } from '../api';
import { LoadFailed, Loading, useLoad } from '../load';
import { refusal } from '../refusal';
import { ROLE_LABELS } from '../roles';
import { collator } from '../text';

function RoleSelect({ id, value, onChange, label }: { id: string; value: Role; onChange: (role: Role) => void; label?: string }) {
  return (
    <select id={id} {...(label ? { 'aria-label': label } : {})} value={value} onChange={(e) => onChange(e.currentTarget.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

/** The team: who is in it with which role, invitations, role changes and removals. */
export function TeamPage({ me }: { me: Me }) {
  const [loaded, retry, replace] = useLoad(() => api.users(), []);
  const [error, setError] = useState('');
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the team" onRetry={retry} />;
  const members = [...loaded.data].sort((a, b) => collator.compare(a.name || a.email, b.name || b.email));
  const reload = () => api.users().then(replace, retry);
  const act = async (action: () => Promise<unknown>) => {
    setError('');
    try {
      await action();
    } catch (err) {
      setError(refusal(err));
    }
    await reload();
  };
  const remove = (userId: string, who: string) => {
    if (confirm(`Remove ${who} from the team? They are signed out at once.`)) void act(() => api.removeUser(userId));
  };
  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">Team</h1>
      <InviteForm onInvited={() => void reload()} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <caption class="muted">{members.length === 1 ? '1 person' : `${members.length} people`}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const who = m.name || m.email;
              return (
                <tr key={m.userId}>
                  <td>
                    {m.name || '—'} {m.userId === me.user.id && <span class="muted">(you)</span>} {m.pending && <span class="pill">Invitation pending</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    <RoleSelect
                      id={`role-${m.userId}`}
                      label={`Role of ${who}`}
                      value={m.role}
                      onChange={(role) => void act(() => api.changeRole(m.userId, role))}
                    />
                  </td>
                  <td>{m.pending ? '—' : new Date(m.createdAt).toLocaleDateString()}</td>
                  <td>
                    <button type="button" class="danger" aria-label={`Remove ${who}`} onClick={() => remove(m.userId, who)}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Invites by email and role; the link is also shown to copy, for when mail is slow or filtered. */
function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [invited, setInvited] = useState<{ email: string; url: string } | null>(null);
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setCopied(false);
    try {
      const { inviteUrl } = await api.invite(email.trim(), role);
      setInvited({ email: email.trim(), url: inviteUrl });
      setEmail('');
      onInvited();
    } catch (err) {
      setError(refusal(err));
    }
  };
  return (
    <form class="toolbar" onSubmit={submit} aria-label="Invite a person">
      <label>
        Email
        <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
      </label>
      <label for="invite-role">
        Invite as
        <RoleSelect id="invite-role" value={role} onChange={setRole} />
      </label>
      <button type="submit">Invite</button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {invited && (
        <div role="status" class="shown-once">
          <p>Invitation sent to {invited.email}. The link works once; you can also pass it on yourself:</p>
          <input readOnly aria-label="Invitation link" value={invited.url} onFocus={(e) => e.currentTarget.select()} />{' '}
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard.writeText(invited.url);
              setCopied(true);
            }}
          >
            Copy link
          </button>{' '}
          {copied && <span>Copied.</span>}
        </div>
      )}
    </form>
  );
}
