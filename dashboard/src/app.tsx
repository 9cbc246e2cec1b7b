import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, session } from './api';
import { useRoute } from './route';
import { ConversationsPage } from './pages/conversations';
import { InstallPage } from './pages/install';
import { LeadPage } from './pages/lead';
import { LeadsPage } from './pages/leads';
import { OverviewPage } from './pages/overview';
import { SettingsPage } from './pages/settings';

const NAV = [
  ['#/', 'Overview'],
  ['#/leads', 'Leads'],
  ['#/conversations', 'Conversations'],
  ['#/install', 'Install'],
  ['#/settings', 'Settings'],
] as const;

function SignIn({ onSignedIn }: { onSignedIn: (name: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    session.set(key.trim());
    try {
      const { name } = await api.settings();
      onSignedIn(name);
    } catch (err) {
      session.clear();
      setError(err instanceof ApiError && err.status === 401 ? 'That key was not accepted.' : 'Could not reach the API.');
    }
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Parley</h1>
        <label for="api-key">Secret API key</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="sk_…" required />
        <p class="hint">Kept for this tab only.</p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

export function App() {
  const [name, setName] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const { section, id, params } = useRoute();
  useEffect(() => {
    if (!session.get()) return setChecked(true);
    api.settings().then(
      (s) => {
        setName(s.name);
        setChecked(true);
      },
      () => {
        session.clear();
        setChecked(true);
      },
    );
  }, []);
  useEffect(() => {
    // On a phone the sections scroll sideways: keep the current one in sight.
    document.querySelector('header nav [aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [section, name]);
  if (!checked) return null;
  if (!name) return <SignIn onSignedIn={setName} />;
  const signOut = () => {
    session.clear();
    setName(null);
    location.hash = '#/';
  };
  return (
    <div class="shell">
      <header>
        <strong class="brand">Parley</strong> <span class="tenant">{name}</span>
        <nav aria-label="Sections">
          {NAV.map(([href, label]) => (
            <a href={href} aria-current={(href === '#/' ? !section : href === `#/${section}`) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {section === 'leads' && id ? (
          <LeadPage contactId={id} />
        ) : section === 'leads' ? (
          <LeadsPage params={params} />
        ) : section === 'conversations' ? (
          <ConversationsPage selected={id} params={params} />
        ) : section === 'install' ? (
          <InstallPage />
        ) : section === 'settings' ? (
          <SettingsPage />
        ) : (
          <OverviewPage />
        )}
      </main>
    </div>
  );
}
