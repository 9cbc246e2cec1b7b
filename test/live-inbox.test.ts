import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { SocketKeys } from '../functions/lib/table-keys';
import { DEFAULT_SETTINGS } from '../shared/schemas/settings';
import { PASSWORD, person } from './dashboard-fixtures';
import { waitForMail } from './support/caught-mail';
import { freshMinute } from './support/clock';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';
import { type Frame, type LiveSocket, openLive } from './support/live';
import { startReceiver, until, verify } from './support/webhook-receiver';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant({ name: 'Inbox Oy' });
});
afterAll(() => api.close());

const key = (apiKey = t.apiKey) => ({ authorization: `Bearer ${apiKey}` });
const asTeam = (path: string, body?: unknown, apiKey = t.apiKey) =>
  call(api.url, path, { ...(body !== undefined ? { body } : { method: 'GET' }), headers: key(apiKey) });
const { bot } = DEFAULT_SETTINGS;

async function visitor(tenant = t) {
  const visitorId = cid('vis');
  const started = await call(api.url, '/v1/conversations', {
    body: { site: tenant.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://shop.example/pricing?plan=pro' },
  });
  expect(started.status).toBe(201);
  const conversationId = String(started.json.conversationId);
  const token = String(started.json.visitorToken);
  const say = async (author: 'visitor' | 'bot', text: string) => {
    const res = await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('m'), author, text, ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
    expect(res.status).toBe(201);
    return Number(res.json.seq);
  };
  return { conversationId, token, visitorId, say };
}

const reply = (conversationId: string, text: string, apiKey = t.apiKey) =>
  call(api.url, `/v1/conversations/${conversationId}/messages`, { body: { id: cid('m'), author: 'agent', text, ts: Date.now() }, headers: key(apiKey) });

async function inbox(view: string, apiKey = t.apiKey) {
  const res = await asTeam(`/v1/inbox?view=${view}`, undefined, apiKey);
  expect(res.status).toBe(200);
  return res.json as {
    data: { conversationId: string; status: string; assignee: { id: string } | null; unread: number; preview: string }[];
    counts: Record<string, number>;
    agentsOnline: number;
  };
}
const listed = async (view: string, conversationId: string) => (await inbox(view)).data.find((c) => c.conversationId === conversationId);

/** A person of the team, signed in: their inbox socket (a one-minute token from their session). */
async function personSocket(tenant: CreatedTenant, role: 'agent' | 'viewer' = 'agent', name = 'Aino Agent') {
  const p = await person(api.url, tenant.apiKey, role, name);
  const login = await call(api.url, '/v1/auth/login', { body: { email: p.email, password: PASSWORD } });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  const me = await call(api.url, '/v1/me', { headers: { cookie } });
  const issued = await call(api.url, '/v1/live/token', { body: {}, headers: { cookie, 'x-parley-csrf': String(me.json.csrfToken) } });
  expect(issued.status).toBe(201);
  return { ...p, socket: await openLive(api.url, String(issued.json.token)) };
}

/** A socket of the team's inbox, opened with a one-minute token. */
async function teamSocket(apiKey = t.apiKey): Promise<LiveSocket> {
  const issued = await asTeam('/v1/live/token', {}, apiKey);
  expect(issued.status).toBe(201);
  return openLive(api.url, String(issued.json.token));
}

describe('the inbox', () => {
  it('keeps a visitor answering the bot with the bot; a line to a person waits; a reply takes it; close and a new line reopen it', async () => {
    const v = await visitor();
    await v.say('bot', bot.greeting);
    await v.say('bot', bot.questions[0]!.text);
    await v.say('visitor', 'Aino');
    expect(await listed('waiting', v.conversationId)).toBeUndefined();
    expect(await listed('all', v.conversationId)).toMatchObject({ status: 'bot' });

    await v.say('bot', bot.thanks);
    await v.say('visitor', 'Can someone call me about pricing?');
    expect(await listed('waiting', v.conversationId)).toMatchObject({
      status: 'waiting',
      assignee: null,
      unread: 2,
      preview: 'Can someone call me about pricing?',
    });

    expect((await reply(v.conversationId, 'Sure, Aino: what time suits you?')).status).toBe(201);
    expect(await listed('waiting', v.conversationId)).toBeUndefined();
    const mine = await listed('mine', v.conversationId);
    expect(mine).toMatchObject({ status: 'open', unread: 0 });
    expect(mine?.assignee?.id).toMatch(/^key:/);

    const closed = await asTeam(`/v1/conversations/${v.conversationId}/close`, {});
    expect(closed.json).toMatchObject({ status: 'closed' });
    expect(await listed('all', v.conversationId)).toBeUndefined();
    expect(await listed('closed', v.conversationId)).toMatchObject({ status: 'closed' });

    await v.say('visitor', 'Tomorrow at 10 please');
    expect(await listed('mine', v.conversationId)).toMatchObject({ status: 'open', unread: 1 });
    expect(await listed('closed', v.conversationId)).toBeUndefined();
  });

  it('assigns to a person who may reply, unassigns back to waiting, and refuses anyone else without changing anything', async () => {
    const v = await visitor();
    await v.say('visitor', 'Hello?');
    const agent = await person(api.url, t.apiKey, 'agent', 'Aino Agent');
    const viewer = await person(api.url, t.apiKey, 'viewer', 'Ville Viewer');

    const given = await asTeam(`/v1/conversations/${v.conversationId}/assign`, { assignee: `user:${agent.userId}` });
    expect(given.status).toBe(200);
    expect(given.json).toMatchObject({ status: 'open', assignee: { id: `user:${agent.userId}`, name: 'Aino Agent' } });

    for (const assignee of [`user:${viewer.userId}`, 'user:nobody', 'someone']) {
      const refused = await asTeam(`/v1/conversations/${v.conversationId}/assign`, { assignee });
      expect(refused.status).toBe(400);
    }
    expect((await listed('all', v.conversationId))?.assignee?.id).toBe(`user:${agent.userId}`);

    const readOnly = await asTeam('/v1/keys', { name: 'reports', scopes: ['export'] });
    const byReader = await asTeam(`/v1/conversations/${v.conversationId}/close`, {}, String(readOnly.json.apiKey));
    expect(byReader.status).toBe(403);

    const back = await asTeam(`/v1/conversations/${v.conversationId}/assign`, { assignee: null });
    expect(back.json).toMatchObject({ status: 'waiting', assignee: null });
    expect(await listed('waiting', v.conversationId)).toMatchObject({ status: 'waiting' });
    expect((await asTeam(`/v1/conversations/${cid('c')}/close`, {})).status).toBe(404);
  });

  it('names the lead beside the conversation, but not a restricted one', async () => {
    const v = await visitor();
    await v.say('visitor', 'I would like a demo');
    const lead = await call(api.url, '/v1/leads', {
      body: {
        site: t.siteKey,
        visitorId: v.visitorId,
        conversationId: v.conversationId,
        fields: { firstName: 'Helmi', lastName: 'Virtanen', email: 'helmi@example.fi' },
        answers: [],
        consent: { marketing: false, text: '' },
      },
      headers: { 'x-parley-visitor': v.token },
    });
    expect(lead.status).toBe(201);
    expect((await listed('waiting', v.conversationId)) as unknown).toMatchObject({ lead: { name: 'Helmi Virtanen', email: 'helmi@example.fi' } });
    await call(api.url, `/v1/contacts/${String(lead.json.contactId)}`, { method: 'PATCH', body: { restricted: true }, headers: key() });
    expect((await listed('waiting', v.conversationId)) as unknown).toMatchObject({ lead: null });
  });
});

describe('the inbox’s webhook events', () => {
  it('sends conversation.waiting once when a visitor starts waiting, and conversation.closed when a person closes it, signed', async () => {
    const tenant = await newTenant({ name: 'Hooked Oy' });
    const receiver = await startReceiver();
    const hook = await call(api.url, '/v1/webhooks', {
      body: { url: receiver.url, events: ['conversation.waiting', 'conversation.closed'] },
      headers: key(tenant.apiKey),
    });
    expect(hook.status).toBe(201);
    const v = await visitor(tenant);
    await v.say('visitor', 'Hello?');
    await v.say('visitor', 'Anyone?');
    await call(api.url, `/v1/conversations/${v.conversationId}/handover`, { body: {}, headers: { 'x-parley-visitor': v.token } });
    await asTeam(`/v1/conversations/${v.conversationId}/close`, {}, tenant.apiKey);
    await until(() => receiver.received.length >= 2, 'two deliveries');
    await new Promise((r) => setTimeout(r, 500));
    // Waiting once (a second line, and asking for a person while waiting, are no news), then closed.
    expect(receiver.received.map((r) => r.json.type)).toEqual(['conversation.waiting', 'conversation.closed']);
    for (const r of receiver.received) {
      expect(verify(String(hook.json.secret), r)).toMatchObject({ type: r.json.type });
      expect(r.json.data).toMatchObject({ conversationId: v.conversationId, visitorId: v.visitorId });
      // Ids and facts only: nothing the visitor wrote.
      expect(r.body).not.toContain('Hello?');
    }
    await receiver.close();
  });
});

describe('mail to the team', () => {
  it('tells the people who may reply, at once, that a visitor waits while nobody is online; not a viewer, and not what the visitor wrote', async () => {
    const tenant = await newTenant({ name: 'Quiet Oy' });
    const agent = await person(api.url, tenant.apiKey, 'agent', 'Aino Agent');
    const viewer = await person(api.url, tenant.apiKey, 'viewer', 'Ville Viewer');
    const v = await visitor(tenant);
    await v.say('visitor', 'Is the 40-seat plan available?');
    const mail = await waitForMail((m) => m.to.includes(agent.email) && m.subject.startsWith('A visitor is waiting'), 15_000);
    expect(mail.subject).toBe('A visitor is waiting for an answer on Quiet Oy');
    expect(mail.text).toContain(`/dashboard/#/inbox/${v.conversationId}`);
    expect(mail.text).toContain('https://shop.example/pricing?plan=pro');
    expect(mail.text).not.toContain('40-seat');
    await expect(waitForMail((m) => m.to.includes(viewer.email) && m.subject.startsWith('A visitor is waiting'), 1_000)).rejects.toThrow();
  });
});

describe('the team’s live sockets', () => {
  it('hear every line and every change of state, relay typing and "seen" both ways, and count who is online', async () => {
    const tenant = await newTenant({ name: 'Live Team Oy' });
    // A key's socket and a viewer's watch; neither is someone to answer a visitor.
    const watcher = await teamSocket(tenant.apiKey);
    const viewer = await personSocket(tenant, 'viewer', 'Ville Viewer');
    expect((await inbox('all', tenant.apiKey)).agentsOnline).toBe(0);
    const aino = await personSocket(tenant);
    const team = aino.socket;
    expect(await watcher.next('presence')).toEqual({ type: 'presence', agentsOnline: 1 });
    const people = await asTeam('/v1/inbox/people', undefined, tenant.apiKey);
    expect(people.json.data).toEqual([{ id: `user:${aino.userId}`, name: 'Aino Agent', online: true }]);
    watcher.close();
    viewer.socket.close();
    const v = await visitor(tenant);
    const visitorSocket = await openLive(api.url, v.token);
    await v.say('visitor', 'Is anyone there?');
    expect(await team.next('message', (f) => f.conversationId === v.conversationId)).toMatchObject({
      message: { author: 'visitor', text: 'Is anyone there?' },
    });
    expect(await team.next('conversation', (f) => f.conversationId === v.conversationId)).toMatchObject({ status: 'waiting' });
    expect((await inbox('all', tenant.apiKey)).agentsOnline).toBe(1);

    visitorSocket.send({ type: 'typing', conversationId: v.conversationId });
    expect(await team.next('typing')).toEqual({ type: 'typing', conversationId: v.conversationId, author: 'visitor' });
    team.send({ type: 'typing', conversationId: v.conversationId });
    expect(await visitorSocket.next('typing')).toMatchObject({ conversationId: v.conversationId, author: 'agent' });

    const sent = await reply(v.conversationId, 'Yes! How can we help?', tenant.apiKey);
    const seq = Number(sent.json.seq);
    expect(await visitorSocket.next('message')).toMatchObject({ message: { author: 'agent', seq } });
    visitorSocket.send({ type: 'seen', conversationId: v.conversationId, seq });
    expect(await team.next('seen')).toEqual({ type: 'seen', conversationId: v.conversationId, seq, by: 'visitor' });
    expect((await inbox('all', tenant.apiKey)).data[0]).toMatchObject({ visitorSeenSeq: seq });

    team.send({ type: 'presence', status: 'away' });
    await expect.poll(async () => (await inbox('all', tenant.apiKey)).agentsOnline).toBe(0);
    const asked = await call(api.url, `/v1/conversations/${v.conversationId}/handover`, { body: {}, headers: { 'x-parley-visitor': v.token } });
    expect(asked.json).toMatchObject({ agentsOnline: 0, emailOnFile: false });
    team.send({ type: 'presence', status: 'online' });
    await expect.poll(async () => (await inbox('all', tenant.apiKey)).agentsOnline).toBe(1);
    team.close();
    await expect.poll(async () => (await inbox('all', tenant.apiKey)).agentsOnline).toBe(0);
    visitorSocket.close();
  });

  it('keeps a visitor to their own conversation, refuses forged or expired team tokens, and drops frames past the send rate', async () => {
    const tenant = await newTenant({ name: 'Guarded Oy' });
    const team = await teamSocket(tenant.apiKey);
    const mine = await visitor(tenant);
    const other = await visitor(tenant);
    const socket = await openLive(api.url, mine.token);
    socket.send({ type: 'typing', conversationId: other.conversationId });
    socket.send({ type: 'typing', conversationId: 'not valid!' });
    socket.send('not json');
    socket.send({ type: 'typing', conversationId: mine.conversationId });
    // Frames of one socket arrive in order: the first typing the team hears is the allowed one.
    expect(await team.next('typing')).toMatchObject({ conversationId: mine.conversationId });
    expect(team.frames.filter((f) => f.type === 'typing')).toHaveLength(1);

    const issued = String((await asTeam('/v1/live/token', {}, tenant.apiKey)).json.token);
    const forged = issued.replace(/\.[^.]+$/, `.${'A'.repeat(43)}`);
    await expect(openLive(api.url, forged)).rejects.toThrow('refused 401');
    const parts = issued.split('.');
    const stale = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(parts[2]!, 'base64url').toString()), e: 1 })).toString('base64url');
    await expect(openLive(api.url, [parts[0], parts[1], stale, parts[3], parts[4]].join('.'))).rejects.toThrow('refused 401');
    expect((await call(api.url, '/v1/live/token', { body: {} })).status).toBe(401);

    // Early in a minute, so the burst is one window's worth (the window itself is tested below, at set times).
    await freshMinute(30);
    for (let i = 0; i < 130; i++) socket.send({ type: 'typing', conversationId: mine.conversationId });
    // Until the frames stop coming (each is handled on its own, as API Gateway would).
    const typed = () => team.frames.filter((f: Frame) => f.type === 'typing').length;
    await expect.poll(typed, { timeout: 60_000 }).toBeGreaterThan(100);
    for (let last = -1; typed() !== last; ) {
      last = typed();
      await new Promise((r) => setTimeout(r, 3_000));
    }
    // 120 a minute per socket: the one above, then at most 119 of these.
    expect(typed()).toBeGreaterThan(100);
    expect(typed()).toBeLessThanOrEqual(120);
    socket.close();
    team.close();
  }, 120_000);
});

describe('a socket’s send rate', () => {
  const socketOf = async () => {
    const { addConnection } = await import('../functions/domain/live');
    const connectionId = cid('conn');
    await addConnection({ tenantId: t.tenantId, side: 'visitor', visitorId: cid('vis'), connectionId }, 'http://127.0.0.1:1');
    return connectionId;
  };

  it('lets no more than the limit through in any 60 seconds, also across a minute boundary and when frames come at once', async () => {
    const { countFrame } = await import('../functions/domain/live');
    const limit = 20;
    const minute = (Math.floor(Date.now() / 60_000) + 10) * 60_000;
    const connectionId = await socketOf();
    const burst = async (at: number, n: number) => {
      const passed = await Promise.all(Array.from({ length: n }, () => countFrame(connectionId, limit, at)));
      return passed.filter(Boolean).length;
    };
    // All at once, into a window the socket has never used: each counted once.
    expect(await burst(minute + 58_000, limit + 10)).toBe(limit);
    expect(await burst(minute + 59_000, 5)).toBe(0);
    // Two seconds later, in the next minute: the previous minute still weighs 58/60.
    const early = await burst(minute + 61_000, limit);
    expect(early).toBeLessThanOrEqual(1);
    // Half a minute on, half of the previous minute has slid out of the window.
    const half = await burst(minute + 90_000, limit);
    expect(early + half).toBeGreaterThanOrEqual(limit / 2 - 1);
    expect(early + half).toBeLessThanOrEqual(limit / 2 + 1);
  });

  it('counts nothing for a socket that has closed', async () => {
    const { countFrame, removeConnection } = await import('../functions/domain/live');
    const connectionId = await socketOf();
    await removeConnection(connectionId);
    expect(await countFrame(connectionId, 20)).toBe(false);
    expect((await db().send(new GetCommand({ TableName: tableName(), Key: SocketKeys.socket(connectionId) }))).Item).toBeUndefined();
  });
});

describe('a reply while the visitor is away', () => {
  it('goes to the email the visitor left at handover, once, with a link back to the chat; not while a socket is open', async () => {
    const v = await visitor();
    const email = `away.${cid('x').toLowerCase()}@example.fi`;
    const asked = await call(api.url, `/v1/conversations/${v.conversationId}/handover`, { body: { email }, headers: { 'x-parley-visitor': v.token } });
    expect(asked.status).toBe(200);
    expect(asked.json).toMatchObject({ status: 'waiting', emailOnFile: true });

    const socket = await openLive(api.url, v.token);
    await reply(v.conversationId, 'Seen while here');
    await socket.next('message');
    socket.close();
    await expect
      .poll(async () => (await scanTenantData(t.tenantId)).some((i) => i.entity === 'liveConnection' && String(i.PK).endsWith(`#V#${v.visitorId}`)))
      .toBe(false);

    await reply(v.conversationId, 'We can call you at 10.');
    const mail = await waitForMail((m) => m.to.includes(email));
    expect(mail.subject).toContain('Inbox Oy');
    expect(mail.text).toContain('We can call you at 10.');
    expect(mail.text).not.toContain('Seen while here');
    expect(mail.text).toContain('https://shop.example/pricing?plan=pro#parley-chat');

    const bad = await call(api.url, `/v1/conversations/${v.conversationId}/handover`, {
      body: { email: 'not an email' },
      headers: { 'x-parley-visitor': v.token },
    });
    expect(bad.status).toBe(400);
    const stored = await scanTenantData(t.tenantId);
    expect(stored.find((i) => i.entity === 'conversation' && i.conversationId === v.conversationId)?.visitorEmail).toBe(email);
  });

  it('waits before mailing: lines typed in a row go in one mail, and nothing goes for replies the returning widget fetched', async () => {
    const { runDueReplyMails } = await import('../functions/domain/offline-reply');
    const before = process.env.PARLEY_REPLY_MAIL_DELAY_MS;
    // Mails due in a minute, sent here by the worker's own step at a time a minute on.
    process.env.PARLEY_REPLY_MAIL_DELAY_MS = '60000';
    try {
      const away = async () => {
        const v = await visitor();
        const email = `away.${cid('x').toLowerCase()}@example.fi`;
        await call(api.url, `/v1/conversations/${v.conversationId}/handover`, { body: { email }, headers: { 'x-parley-visitor': v.token } });
        return { ...v, email };
      };
      const typing = await away();
      for (const line of ['First line.', 'Second line.', 'Third line.']) expect((await reply(typing.conversationId, line)).status).toBe(201);
      const back = await away();
      expect((await reply(back.conversationId, 'Are you still there?')).status).toBe(201);
      const fetched = await call(api.url, `/v1/conversations/${back.conversationId}/messages?after=0`, {
        method: 'GET',
        headers: { 'x-parley-visitor': back.token },
      });
      expect((fetched.json.data as { text: string }[]).map((m) => m.text)).toContain('Are you still there?');
      const mailedTo = async (email: string) =>
        ((await (await fetch(inject('caughtMailUrl'))).json()) as { to: string; text: string }[]).filter((m) => m.to.includes(email));
      // Not before it is due.
      await runDueReplyMails();
      expect(await mailedTo(typing.email)).toEqual([]);

      await runDueReplyMails({ now: Date.now() + 61_000 });
      const mail = await waitForMail((m) => m.to.includes(typing.email));
      expect(mail.text).toMatch(/First line\.[\s\S]*Second line\.[\s\S]*Third line\./);
      await new Promise((r) => setTimeout(r, 500));
      expect(await mailedTo(typing.email)).toHaveLength(1);
      expect(await mailedTo(back.email)).toEqual([]);
      expect((await scanTenantData(t.tenantId)).filter((i) => i.entity === 'replyMail')).toEqual([]);
    } finally {
      process.env.PARLEY_REPLY_MAIL_DELAY_MS = before;
    }
  });

  it('erasing the visitor takes their sockets’ pointers too', async () => {
    const v = await visitor();
    const socket = await openLive(api.url, v.token);
    const connection = (await scanTenantData(t.tenantId)).find((i) => i.entity === 'liveConnection' && String(i.PK).endsWith(`#V#${v.visitorId}`));
    const connectionId = String(connection?.connectionId);
    expect((await db().send(new GetCommand({ TableName: tableName(), Key: SocketKeys.socket(connectionId) }))).Item).toBeDefined();
    const erased = await call(api.url, '/v1/visitors/me', { method: 'DELETE', headers: { 'x-parley-visitor': v.token } });
    expect(erased.status).toBeLessThan(300);
    expect((await db().send(new GetCommand({ TableName: tableName(), Key: SocketKeys.socket(connectionId) }))).Item).toBeUndefined();
    socket.close();
  });
});
