import { startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import type { NotificationPrefs } from '../../../shared/schemas/notifications';
import { ApiError, type Me, type Passkey, api, auth } from '../api';
import { LoadFailed, Loading, useLoad } from '../load';
import { ROLE_LABELS, can } from '../roles';
import { useSave } from '../save';

type Setup = { step: 'idle' } | { step: 'scan'; secret: string; otpauthUrl: string } | { step: 'done'; recoveryCodes: string[] };

/** The signed-in person: who they are, what they are mailed about, the second factor, signing out. */
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
      <MailPrefs mayReply={can(me.role, 'write')} />
      <Authenticator />
      <Passkeys />
      <h2>Sign out</h2>
      <p class="muted">Ends this session on every device that uses it.</p>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </section>
  );
}

type Prefs = Required<NotificationPrefs>;

const MAIL_CHOICES: [keyof Prefs, string][] = [
  ['newLead', 'Each new lead, at once (first name and company only)'],
  ['dailyDigest', "A daily digest of yesterday's leads and erasures"],
  ['alerts', "The team's alerts (set under Settings)"],
  ['waiting', 'A visitor waiting for a person while nobody is online'],
];

/** What this person is mailed about; saved for them alone. */
function MailPrefs({ mayReply }: { mayReply: boolean }) {
  const [loaded, retry, replace] = useLoad(() => api.mailPrefs(), []);
  const { status, save: saving, clear } = useSave();
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="your mail choices" onRetry={retry} />;
  const prefs = loaded.data;
  const save = (e: Event) => {
    e.preventDefault();
    void saving(async () => replace(await api.saveMailPrefs(prefs)));
  };
  return (
    <form onSubmit={save} aria-labelledby="mail-title">
      <h2 id="mail-title">Mail</h2>
      <fieldset>
        <legend>Mail me about</legend>
        {MAIL_CHOICES.filter(([key]) => key !== 'waiting' || mayReply).map(([key, label]) => (
          <label class="inline" key={key}>
            <input
              type="checkbox"
              checked={prefs[key]}
              onChange={(e) => {
                clear();
                replace({ ...prefs, [key]: e.currentTarget.checked });
              }}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <button type="submit">Save mail choices</button> <span role="status">{status}</span>
    </form>
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

/** Passkeys as the second factor: added with this device's authenticator, listed, removed. */
function Passkeys() {
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (err) {
      setError(`That did not work: ${err instanceof Error ? err.message : 'try again'}.`);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void run(async () => setPasskeys((await auth.passkeys()).data));
  }, []);
  const add = () =>
    run(async () => {
      const optionsJSON = await auth.passkeyOptions();
      setPasskeys((await auth.addPasskey(await startRegistration({ optionsJSON }))).data);
    });
  const remove = (p: Passkey) =>
    run(async () => {
      await auth.removePasskey(p.id);
      setPasskeys((await auth.passkeys()).data);
    });

  return (
    <>
      <h2>Passkeys</h2>
      <p>Sign in with this device's fingerprint, face or screen lock, or a security key, instead of a code after the password.</p>
      {passkeys && passkeys.length > 0 && (
        <ul class="passkeys" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <li key={p.id}>
              {p.name} <span class="muted">added {new Date(p.createdAt).toLocaleDateString()}</span>{' '}
              <button type="button" class="link" onClick={() => void remove(p)} disabled={busy} aria-label={`Remove ${p.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {passkeys && passkeys.length === 0 && <p class="muted">No passkeys yet.</p>}
      <button type="button" onClick={() => void add()} disabled={busy}>
        Add a passkey
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </>
  );
}
