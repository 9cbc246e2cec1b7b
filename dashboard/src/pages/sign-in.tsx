import type { ComponentChildren } from 'preact';
import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';
import { ApiError, type Me, type MfaRequired, auth } from '../api';
import { waitText } from '../text';

/** What a failed sign-in says; `wrong` is the answer to a 401. */
function signInProblem(err: unknown, wrong: string): string {
  if (!(err instanceof ApiError)) return 'Could not reach Parley. Check your connection and try again.';
  if (err.status === 401) return wrong;
  if (err.status === 429)
    return err.retryAfter ? `Too many sign-in attempts. Try again in ${waitText(err.retryAfter)}.` : 'Too many sign-in attempts. Try again later.';
  if (err.issues.length > 0) return err.issues.map((i) => `${i.path ? `${labelOf(i.path)} ` : ''}${i.message}`).join('. ');
  return err.message;
}

const LABELS: Record<string, string> = { email: 'Email', password: 'Password', name: 'Name', code: 'Code' };
const labelOf = (path: string) => LABELS[path] ?? path;

/** The centred card every signed-out page uses. */
function Card({ title, onSubmit, error, children }: { title: string; onSubmit: (e: Event) => void; error: string; children: ComponentChildren }) {
  return (
    <main class="signin">
      <form onSubmit={onSubmit} aria-labelledby="signin-title">
        <h1 id="signin-title">{title}</h1>
        {children}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

/** Email and password, then the second factor when the account has one. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState<MfaRequired | null>(null);
  const challenge = pending?.challenge ?? null;
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const attempt = async (run: () => Promise<void>, wrong: string) => {
    setBusy(true);
    setError('');
    try {
      await run();
    } catch (err) {
      setError(signInProblem(err, wrong));
    } finally {
      setBusy(false);
    }
  };
  const submitPassword = (e: Event) => {
    e.preventDefault();
    void attempt(async () => {
      const answer = await auth.login(email.trim(), password);
      if ('mfaRequired' in answer) {
        setPassword('');
        setPending(answer);
      } else onSignedIn(answer);
    }, 'That email and password do not match an account.');
  };
  const submitCode = (e: Event) => {
    e.preventDefault();
    if (challenge) void attempt(async () => onSignedIn(await auth.mfa(challenge, code.trim())), 'That code was not accepted. Try again, or start over.');
  };
  const usePasskey = () => {
    if (challenge)
      void attempt(async () => {
        const optionsJSON = await auth.passkeySignInOptions(challenge);
        onSignedIn(await auth.passkeySignIn(challenge, await startAuthentication({ optionsJSON })));
      }, 'That passkey was not accepted. Try again, or start over.');
  };
  const startOver = () => {
    setPending(null);
    setCode('');
    setError('');
  };

  if (pending) {
    const passkey = pending.methods.includes('passkey');
    const totp = pending.methods.includes('totp');
    return (
      <Card title="Two-step sign-in" onSubmit={submitCode} error={error}>
        {totp && (
          <>
            <label for="mfa-code">Authentication code</label>
            <input
              id="mfa-code"
              inputMode="text"
              autoComplete="one-time-code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              aria-describedby="mfa-hint"
              required
            />
            <p id="mfa-hint" class="hint">
              The 6 digits your authenticator app shows, or one of your recovery codes.
            </p>
            <button type="submit" disabled={busy}>
              Verify
            </button>
          </>
        )}
        {passkey && (
          <button type="button" onClick={usePasskey} disabled={busy}>
            Use a passkey
          </button>
        )}
        <button type="button" class="link" onClick={startOver}>
          Start over
        </button>
      </Card>
    );
  }
  return (
    <Card title="Sign in to Parley" onSubmit={submitPassword} error={error}>
      <label for="signin-email">Email</label>
      <input id="signin-email" type="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
      <label for="signin-password">Password</label>
      <input
        id="signin-password"
        type="password"
        autoComplete="current-password"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        required
      />
      <button type="submit" disabled={busy}>
        Sign in
      </button>
      <p class="hint">New to the team? Open the invitation link you were sent.</p>
    </Card>
  );
}

/** The least a password may be (the API refuses shorter ones too). */
const MIN_PASSWORD = 10;

/** An invited person names themselves, sets a password, and is signed in. */
export function AcceptInvitation({ token, onSignedIn }: { token: string; onSignedIn: (me: Me) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setError(`The password must be at least ${MIN_PASSWORD} characters.`);
    setBusy(true);
    setError('');
    try {
      const me = await auth.accept(token, password, name);
      onSignedIn(me);
      location.hash = '#/';
    } catch (err) {
      setError(signInProblem(err, 'This invitation link is not valid any more.'));
    } finally {
      setBusy(false);
    }
  };
  if (!token) {
    return (
      <main class="signin">
        <p role="alert" class="error">
          This invitation link is incomplete. Open the whole link from the invitation email. <a href="#/">Sign in</a>
        </p>
      </main>
    );
  }
  return (
    <Card title="Join your team on Parley" onSubmit={submit} error={error}>
      <label for="accept-name">Your name</label>
      <input id="accept-name" autoComplete="name" maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="accept-password">Choose a password</label>
      <input
        id="accept-password"
        type="password"
        autoComplete="new-password"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        aria-describedby="accept-hint"
        required
      />
      <p id="accept-hint" class="hint">
        At least {MIN_PASSWORD} characters.
      </p>
      <button type="submit" disabled={busy}>
        Join and sign in
      </button>
    </Card>
  );
}
