import { useState } from 'preact/hooks';
import { ApiError, type Me, auth } from '../api';
import { ROLE_LABELS } from '../roles';

type Setup = { step: 'idle' } | { step: 'scan'; secret: string; otpauthUrl: string } | { step: 'done'; recoveryCodes: string[] };

/** The signed-in person: who they are, the authenticator app, signing out. */
export function AccountPage({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <dl class="fields">
        <dt>Name</dt>
        <dd>{me.user.name || '—'}</dd>
        <dt>Email</dt>
        <dd>{me.user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[me.role]}</dd>
      </dl>
      <Authenticator />
      <h2>Sign out</h2>
      <p class="muted">Ends this session on every device that uses it.</p>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </section>
  );
}

/** Turns on the second factor: secret, a code to prove the app has it, then the recovery codes (shown once). */
function Authenticator() {
  const [setup, setSetup] = useState<Setup>({ step: 'idle' });
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setError('');
    try {
      await action();
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 400
          ? 'That code was not accepted: enter the 6 digits the app shows now.'
          : `That did not work: ${err instanceof Error ? err.message : 'try again'}.`,
      );
    }
  };
  const begin = () => run(async () => setSetup({ step: 'scan', ...(await auth.beginTotp()) }));
  const confirm = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setSetup({ step: 'done', ...(await auth.confirmTotp(code.trim())) });
      setCode('');
    });
  };

  return (
    <>
      <h2>Two-step sign-in</h2>
      {setup.step === 'idle' && (
        <>
          <p>Ask for a code from an authenticator app after the password, so a stolen password alone does not open the dashboard.</p>
          <button type="button" onClick={begin}>
            Set up an authenticator app
          </button>
        </>
      )}
      {setup.step === 'scan' && (
        <form onSubmit={confirm} class="totp" aria-label="Confirm the authenticator app">
          <p>
            Add Parley to your authenticator app with this key, or <a href={setup.otpauthUrl}>open it in the app</a> on this device:
          </p>
          <p>
            Setup key: <code class="secret">{setup.secret}</code>
          </p>
          <label for="totp-code">Code from the app</label>
          <input
            id="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            required
          />
          <button type="submit">Turn on</button>
        </form>
      )}
      {setup.step === 'done' && (
        <div role="status">
          <p>Two-step sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without the app, and they are not shown again.</p>
          <ul class="recovery" aria-label="Recovery codes">
            {setup.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard.writeText(setup.recoveryCodes.join('\n'));
              setCopied(true);
            }}
          >
            Copy codes
          </button>{' '}
          {copied && <span>Copied.</span>}
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </>
  );
}
