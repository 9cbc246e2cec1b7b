import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addConnection } from '../functions/domain/live';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
});
afterAll(() => api.close());

const key = () => ({ authorization: `Bearer ${t.apiKey}` });

async function visitor() {
  const started = await call(api.url, '/v1/conversations', {
    body: { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
  });
  return { conversationId: String(started.json.conversationId), token: String(started.json.visitorToken) };
}

type Frame = { type: string; conversationId: string; message: { id: string; author: string; text: string; ts: string; seq: number; name?: string } };

/** Opens the live socket like the widget does, collecting the frames it receives. */
function openSocket(token: string): Promise<{ ws: WebSocket; frames: Frame[]; next: () => Promise<Frame> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/v1/live?token=${encodeURIComponent(token)}`);
    const frames: Frame[] = [];
    const waiting: ((f: Frame) => void)[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const waiter = waiting.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        next: () => {
          const queued = frames.shift();
          return queued ? Promise.resolve(queued) : new Promise<Frame>((r) => waiting.push(r));
        },
      }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const reply = (conversationId: string, text: string, headers: Record<string, string> = key()) =>
  call(api.url, `/v1/conversations/${conversationId}/messages`, { body: { id: cid('m'), author: 'agent', text, ts: Date.now() }, headers });

describe('live chat', () => {
  it('delivers an agent reply to the visitor’s socket within moments, stored first with its sequence', async () => {
    const { conversationId, token } = await visitor();
    const socket = await openSocket(token);
    await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('m'), author: 'visitor', text: 'Anyone there?', ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
    const sent = await reply(conversationId, 'Hi, Anna here. How can I help?');
    expect(sent.status).toBe(201);
    // The visitor hears first who is there to answer, then the reply.
    expect(await socket.next()).toMatchObject({ type: 'status', conversationId, agentsOnline: 0, emailOnFile: false });
    const frame = await socket.next();
    expect(frame).toMatchObject({ type: 'message', conversationId, message: { author: 'agent', text: 'Hi, Anna here. How can I help?', seq: sent.json.seq } });
    expect(frame.message.seq).toBe(2);
    socket.ws.close();
  });

  it('lets a reconnecting visitor fetch what it missed, after a sequence number', async () => {
    const { conversationId, token } = await visitor();
    await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('m'), author: 'visitor', text: 'first', ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
    for (const text of ['second', 'third']) await reply(conversationId, text);
    const missed = await call(api.url, `/v1/conversations/${conversationId}/messages?after=1`, { headers: { 'x-parley-visitor': token } });
    expect(missed.status).toBe(200);
    expect((missed.json.data as Frame['message'][]).map((m) => [m.seq, m.author, m.text])).toEqual([
      [2, 'agent', 'second'],
      [3, 'agent', 'third'],
    ]);
    const other = await visitor();
    expect((await call(api.url, `/v1/conversations/${conversationId}/messages?after=0`, { headers: { 'x-parley-visitor': other.token } })).status).toBe(404);
  });

  it('refuses a socket without a valid visitor token', async () => {
    await expect(openSocket('pv2.nope')).rejects.toThrow('refused 401');
  });

  it('keeps each side in its role: a visitor cannot write as an agent, the team writes only as an agent, a viewer not at all', async () => {
    const { conversationId, token } = await visitor();
    const asAgent = await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('m'), author: 'agent', text: 'I am staff', ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
    expect(asAgent.status).toBe(403);
    const asVisitor = await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('m'), author: 'visitor', text: 'x', ts: Date.now() },
      headers: key(),
    });
    expect(asVisitor.status).toBe(403);
    expect((await reply(cid('c'), 'nobody here')).status).toBe(404);
    const viewerKey = await call(api.url, '/v1/keys', { body: { name: 'read only', scopes: ['export'] }, headers: key() });
    expect((await reply(conversationId, 'from a read-only key', { authorization: `Bearer ${String(viewerKey.json.apiKey)}` })).status).toBe(403);
    const messages = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'message' && i.conversationId === conversationId);
    expect(messages).toEqual([]);
  });

  it('forgets a socket whose close never arrived the first time a push meets it (410 Gone)', async () => {
    const { conversationId, token } = await visitor();
    const visitorId = String((await scanTenantData(t.tenantId)).find((i) => i.entity === 'conversation' && i.conversationId === conversationId)?.visitorId);
    // A socket the server no longer holds, as after a lost $disconnect.
    await addConnection({ side: 'visitor', tenantId: t.tenantId, visitorId, connectionId: 'lost-socket' }, api.url);
    const connections = async () => (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'liveConnection' && i.connectionId === 'lost-socket');
    expect(await connections()).toHaveLength(1);
    expect((await reply(conversationId, 'are you still there?')).status).toBe(201);
    expect(await connections()).toHaveLength(0);
    // A socket that closes normally is forgotten at once.
    const socket = await openSocket(token);
    socket.ws.close();
    await expect
      .poll(async () => (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'liveConnection' && String(i.PK).endsWith(`#V#${visitorId}`)))
      .toHaveLength(0);
  });
});
