import { useState } from 'preact/hooks';
import { KEY_SCOPES } from '../../../shared/schemas/accounts';
import { type ApiKey, type KeyScope, api } from '../api';
import { LoadFailed, Loading, useLoad } from '../load';
import { refusal } from '../refusal';

/** What each scope lets a key do, in the owner's words. */
const SCOPE_LABELS: Record<KeyScope, string> = {
  export: 'Export: read and export leads and everything else',
  privacy: 'Privacy: correct, restrict and erase contacts',
  settings: 'Settings: change settings, the team and keys',
  'ingest-admin': 'Ingest admin: read what was captured',
};

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
/** A key without scopes may do everything (the tenant's first keys). */
const scopesText = (key: ApiKey) => (key.scopes.length ? key.scopes.join(', ') : 'full');

/** Secret keys for servers: listed without their secrets, created with the secret shown once, revoked at once. */
export function KeysPage() {
  const [loaded, retry, replace] = useLoad(() => api.keys(), []);
  const [error, setError] = useState('');
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the keys" onRetry={retry} />;
  const keys = [...loaded.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const reload = () => api.keys().then(replace, retry);
  const revoke = async (key: ApiKey) => {
    if (!confirm(`Revoke the key “${key.name}”? Anything using it is refused at once.`)) return;
    setError('');
    try {
      await api.revokeKey(key.keyId);
    } catch (err) {
      setError(refusal(err));
    }
    await reload();
  };
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <CreateKey onCreated={() => void reload()} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.keyId}>
                <td>
                  {key.name || key.keyId} <span class="muted">{key.keyId}</span>
                </td>
                <td>{scopesText(key)}</td>
                <td>
                  {when(key.createdAt)}
                  {key.createdBy && <span class="muted"> by {key.createdBy}</span>}
                </td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span class="pill">Revoked {when(key.revokedAt)}</span>
                  ) : (
                    <button type="button" class="danger" aria-label={`Revoke ${key.name || key.keyId}`} onClick={() => void revoke(key)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CreateKey({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>([]);
  const [created, setCreated] = useState<{ name: string; apiKey: string } | null>(null);
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);
  const toggle = (scope: KeyScope, on: boolean) => setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (scopes.length === 0) return setError('Choose at least one scope.');
    setError('');
    setCopied(false);
    try {
      const { apiKey } = await api.createKey(
        name.trim(),
        KEY_SCOPES.filter((s) => scopes.includes(s)),
      );
      setCreated({ name: name.trim(), apiKey });
      setName('');
      setScopes([]);
      onCreated();
    } catch (err) {
      setError(refusal(err));
    }
  };
  return (
    <form class="create-key" onSubmit={submit} aria-labelledby="create-key-title">
      <h2 id="create-key-title">New key</h2>
      <label>
        Name
        <input value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} placeholder="CRM sync" required />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {KEY_SCOPES.map((scope) => (
          <label class="inline" key={scope}>
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} /> {SCOPE_LABELS[scope]}
          </label>
        ))}
      </fieldset>
      <button type="submit">Create key</button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {created && (
        <div role="status" class="shown-once">
          <p>The key “{created.name}”. Copy it now: it is not shown again.</p>
          <input readOnly aria-label="New API key" value={created.apiKey} onFocus={(e) => e.currentTarget.select()} />{' '}
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard.writeText(created.apiKey);
              setCopied(true);
            }}
          >
            Copy key
          </button>{' '}
          {copied && <span>Copied.</span>}
        </div>
      )}
    </form>
  );
}
