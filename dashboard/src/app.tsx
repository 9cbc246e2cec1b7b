import { useEffect, useState } from 'preact/hooks';
import { type Me, SIGNED_OUT, api, auth } from './api';
import { AccountPage } from './pages/account';
import { AuditPage } from './pages/audit';
import { BotsPage } from './pages/bots';
import { ConversationsPage } from './pages/conversations';
import { InstallPage } from './pages/install';
import { KeysPage } from './pages/keys';
import { LeadPage } from './pages/lead';
import { LeadsPage } from './pages/leads';
import { OverviewPage } from './pages/overview';
import { SettingsPage } from './pages/settings';
import { AcceptInvitation, SignIn } from './pages/sign-in';
import { TeamPage } from './pages/team';
import { WebhooksPage } from './pages/webhooks';
import { announceWaiting, askToNotify, type NotifyPermission, notifyPermission, notifyPreferred, rememberNotify } from './notify';
import { InboxPage } from './pages/inbox';
import { type Ability, can } from './roles';
import { useRoute } from './route';
import { asView } from './inbox';
import { useInbox } from './use-inbox';
import { useLive } from './use-live';

/** Sections in the header; those with an ability show only to roles that have it. */
const NAV: readonly (readonly [href: string, label: string, needs?: Ability])[] = [
  ['#/', 'Overview'],
  ['#/inbox', 'Inbox'],
  ['#/leads', 'Leads'],
  ['#/conversations', 'Conversations'],
  ['#/bots', 'Bots', 'settings'],
  ['#/install', 'Install', 'settings'],
  ['#/settings', 'Settings', 'settings'],
  ['#/team', 'Team', 'users'],
  ['#/keys', 'API keys', 'keys'],
  ['#/webhooks', 'Webhooks', 'webhooks'],
  ['#/audit', 'Audit log'],
  ['#/account', 'Account'],
];

/** Who is signed in: undefined while the first `/v1/me` is under way. */
type Session = Me | null | undefined;

export function App() {
  const [me, setMe] = useState<Session>(undefined);
  const [unreachable, setUnreachable] = useState(false);
  const [tenantName, setTenantName] = useState('');
  const { section, id, params } = useRoute();
  const [notify, setNotify] = useState(notifyPreferred);
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  const account = me ? `${me.tenantId}/${me.user.id}` : undefined;
  const live = useLive(account, me ? can(me.role, 'write') : false);
  const inbox = useInbox({
    account,
    me: me ? `user:${me.user.id}` : '',
    // Elsewhere in the dashboard only the waiting count (the nav badge) matters.
    view: section === 'inbox' ? asView(params.get('tab')) : 'waiting',
    reading: section === 'inbox' ? id : undefined,
    live,
    watch: notify,
    onNewlyWaiting: (rows) => announceWaiting(rows, (conversationId) => (location.hash = `#/inbox/${encodeURIComponent(conversationId)}`)),
  });
  const chooseNotify = (on: boolean) => {
    setNotify(on);
    rememberNotify(on);
    if (on) void askToNotify().then(setPermission);
  };

  const check = () => {
    setUnreachable(false);
    auth.me().then(setMe, () => setUnreachable(true));
  };
  useEffect(check, []);
  useEffect(() => {
    // Any 401 means the session is over: back to sign-in, wherever it happened.
    const ended = () => setMe(null);
    addEventListener(SIGNED_OUT, ended);
    return () => removeEventListener(SIGNED_OUT, ended);
  }, []);
  useEffect(() => {
    setTenantName('');
    // Only roles that may read the settings learn the tenant's name there.
    if (me && can(me.role, 'settings'))
      api.settings().then(
        (s) => setTenantName(s.name),
        () => undefined,
      );
  }, [me?.tenantId, me?.role]);
  useEffect(() => {
    // Agents answer visitors: opening the dashboard without a section takes them to the inbox (Overview stays a click away).
    if (me?.role === 'agent' && (location.hash === '' || location.hash === '#')) {
      history.replaceState(history.state, '', '#/inbox');
      dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }, [me?.role]);
  useEffect(() => {
    // On a phone the sections scroll sideways: keep the current one in sight.
    document.querySelector('header nav [aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [section, me]);

  const signedIn = (answer: Me) => {
    setMe(answer);
    // The answer set the cookie; asking again proves the browser kept it (else: back to sign-in).
    auth.me().then(setMe, () => undefined);
  };
  // Invitation links carry the token as the page's query parameter (older links: in the hash).
  if (section === 'accept')
    return <AcceptInvitation token={params.get('token') ?? new URLSearchParams(location.search).get('token') ?? ''} onSignedIn={signedIn} />;
  if (unreachable)
    return (
      <main class="signin">
        <div role="alert" class="load-failed">
          <p>Could not reach Parley. Check your connection and try again.</p>
          <button type="button" onClick={check}>
            Retry
          </button>
        </div>
      </main>
    );
  if (me === undefined) return null;
  if (me === null) return <SignIn onSignedIn={signedIn} />;

  const signOut = async () => {
    await auth.logout().catch(() => undefined);
    setMe(null);
    location.hash = '#/';
  };
  const allowed = NAV.filter(([, , needs]) => !needs || can(me.role, needs));
  const blocked = NAV.some(([href, , needs]) => href === `#/${section}` && needs && !can(me.role, needs));
  return (
    <div class="shell">
      <header>
        <strong class="brand">Parley</strong> {tenantName && <span class="tenant">{tenantName}</span>}
        <nav aria-label="Sections">
          {allowed.map(([href, label]) => (
            <a key={href} href={href} aria-current={(href === '#/' ? !section : href === `#/${section}`) ? 'page' : undefined}>
              {label}
              {href === '#/inbox' && inbox.counts.waiting > 0 && (
                <span class="unread" title={`${inbox.counts.waiting} waiting`}>
                  <span class="visually-hidden">, waiting: </span>
                  {inbox.counts.waiting}
                </span>
              )}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {blocked ? (
          <p role="alert">
            Your role ({me.role}) cannot open this page. <a href="#/">Back to the overview</a>
          </p>
        ) : section === 'leads' && id ? (
          <LeadPage contactId={id} role={me.role} />
        ) : section === 'leads' ? (
          <LeadsPage params={params} role={me.role} />
        ) : section === 'inbox' ? (
          <InboxPage inbox={inbox} live={live} me={me} selected={id} params={params} notify={{ on: notify, permission, set: chooseNotify }} />
        ) : section === 'conversations' ? (
          <ConversationsPage selected={id} params={params} />
        ) : section === 'bots' ? (
          <BotsPage />
        ) : section === 'install' ? (
          <InstallPage />
        ) : section === 'settings' ? (
          <SettingsPage />
        ) : section === 'team' ? (
          <TeamPage me={me} />
        ) : section === 'keys' ? (
          <KeysPage />
        ) : section === 'webhooks' ? (
          <WebhooksPage />
        ) : section === 'audit' ? (
          <AuditPage params={params} canSeeTeam={can(me.role, 'users')} />
        ) : section === 'account' ? (
          <AccountPage me={me} onSignOut={() => void signOut()} />
        ) : (
          <OverviewPage />
        )}
      </main>
    </div>
  );
}
