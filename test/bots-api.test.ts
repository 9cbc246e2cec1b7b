import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDraft } from '../shared/schemas/bots';
import { type TestServer, call, cid, newTenant, scanTenant, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const pricingBot = (greeting: string): BotDraft => ({
  name: 'Pricing',
  priority: 1,
  targeting: { urls: [{ match: 'exact', value: '/pricing' }], utm: {}, languages: [], visitors: 'all' },
  trigger: { afterSeconds: 10, scrollPercent: 50, exitIntent: false, combine: 'any', frequency: 'session' },
  flow: {
    start: 'hi',
    consentText: { en: 'News by email?', fi: 'Uutisia sähköpostiin?' },
    nodes: [
      { id: 'hi', type: 'message', text: { en: greeting, fi: 'Hei!' }, next: 'mail' },
      { id: 'mail', type: 'ask', text: { en: 'Your email?' }, field: 'email', required: true, next: 'score' },
      { id: 'score', type: 'score', points: 60, next: 'end' },
      { id: 'end', type: 'end', text: { en: 'Thanks!' } },
    ],
  },
});

describe('bots', () => {
  it('a draft runs only once published; versions stay as published; a rollback runs an older one', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const config = async () =>
      (await call(api.url, `/v1/widget/config?site=${t.siteKey}`)).json as {
        bots: { id: string; version: number; flow: { nodes: { text?: { en?: string } }[] } }[];
      };

    // Before any bot: the settings' single list of questions runs, migrated to a flow.
    const before = await config();
    expect(before.bots).toHaveLength(1);
    expect(before.bots[0]).toMatchObject({ id: 'settings', version: 0 });
    expect(before.bots[0]?.flow.nodes[0]?.text?.en).toMatch(/^Hi! Have a question/);

    const created = await call(api.url, '/v1/bots', { method: 'POST', body: pricingBot('Hello v1'), headers: auth });
    expect(created.status).toBe(201);
    const botId = String(created.json.botId);
    expect(created.json).toMatchObject({ latestVersion: 0 });
    expect((await config()).bots[0]?.id).toBe('settings');

    const v1 = await call(api.url, `/v1/bots/${botId}/publish`, { method: 'POST', headers: auth });
    expect(v1.json).toMatchObject({ latestVersion: 1, liveVersion: 1 });
    await call(api.url, `/v1/bots/${botId}`, { method: 'PUT', body: pricingBot('Hello v2'), headers: auth });
    // The draft changed; the widget still runs version 1.
    expect((await config()).bots.map((b) => [b.id, b.version, b.flow.nodes[0]?.text?.en])).toEqual([[botId, 1, 'Hello v1']]);
    await call(api.url, `/v1/bots/${botId}/publish`, { method: 'POST', headers: auth });
    const live = async () => (await config()).bots.map((b) => [b.version, b.flow.nodes[0]?.text?.en]);
    expect(await live()).toEqual([[2, 'Hello v2']]);

    const back = await call(api.url, `/v1/bots/${botId}/rollback`, { method: 'POST', body: { version: 1 }, headers: auth });
    expect(back.json).toMatchObject({ latestVersion: 2, liveVersion: 1 });
    expect(await live()).toEqual([[1, 'Hello v1']]);
    expect((await call(api.url, `/v1/bots/${botId}/versions/2`, { headers: auth })).json).toMatchObject({ version: 2, draft: { name: 'Pricing' } });
    expect((await call(api.url, `/v1/bots/${botId}/rollback`, { method: 'POST', body: { version: 7 }, headers: auth })).status).toBe(404);

    const archive = unzipSync(new Uint8Array(await (await fetch(`${api.url}/v1/export`, { headers: auth })).arrayBuffer()));
    const archived = JSON.parse(strFromU8(archive['bots.json']!)) as { botId: string; liveVersion: number; versions: { version: number; draft: BotDraft }[] }[];
    expect(archived.map((b) => [b.botId, b.liveVersion, b.versions.map((x) => x.version)])).toEqual([[botId, 1, [1, 2]]]);
    expect(archived[0]?.versions[1]?.draft.flow.nodes[0]).toMatchObject({ text: { en: 'Hello v2' } });

    const list = await call(api.url, '/v1/bots', { headers: auth });
    expect(list.json.data).toMatchObject([{ botId, latestVersion: 2, liveVersion: 1, draft: { name: 'Pricing' } }]);
    const audit = (await call(api.url, '/v1/audit', { headers: auth })).json.data as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['bot.create', 'bot.publish', 'bot.rollback']));
  });

  it('refuses a flow that cannot run, and bad input stores nothing', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const bad = await call(api.url, '/v1/bots', { method: 'POST', body: { ...pricingBot('x'), trigger: { afterSeconds: -1 } }, headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.issues?.[0]?.path).toBe('trigger.afterSeconds');
    expect((await scanTenant(t.tenantId)).some((i) => i.entity === 'bot')).toBe(false);

    const draft = pricingBot('x');
    const deadEnd: BotDraft = { ...draft, flow: { ...draft.flow, nodes: [{ id: 'hi', type: 'message', text: { en: 'x' }, next: 'hi' }] } };
    const created = await call(api.url, '/v1/bots', { method: 'POST', body: deadEnd, headers: auth });
    expect(created.status).toBe(201);
    const refused = await call(api.url, `/v1/bots/${created.json.botId}/publish`, { method: 'POST', headers: auth });
    expect(refused.status).toBe(400);
    expect(refused.json.error?.issues?.map((i) => i.message)).toContain('node "hi" is a dead end: no path from it reaches an end or a handover');
    expect((await scanTenant(t.tenantId)).some((i) => i.entity === 'botVersion')).toBe(false);
    expect((await call(api.url, `/v1/bots/${cid('bot')}`, { headers: auth })).status).toBe(404);
  });

  it('a conversation records the version it ran; only its lines may be recorded as the bot; the score qualifies the lead', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const botId = String((await call(api.url, '/v1/bots', { method: 'POST', body: pricingBot('Hello there'), headers: auth })).json.botId);
    await call(api.url, `/v1/bots/${botId}/publish`, { method: 'POST', headers: auth });

    const visitorId = cid('v');
    const started = await call(api.url, '/v1/conversations', {
      method: 'POST',
      body: { site: t.siteKey, visitorId, sessionId: cid('s'), pageUrl: 'https://shop.example/pricing', bot: { id: botId, version: 1 } },
    });
    expect(started.status).toBe(201);
    const { conversationId, visitorToken } = started.json as { conversationId: string; visitorToken: string };
    const visitor = { 'x-parley-visitor': visitorToken };
    const line = (text: string) =>
      call(api.url, `/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        body: { id: cid('m'), author: 'bot', text, ts: Date.now() },
        headers: visitor,
      });
    expect((await line('Uutisia sähköpostiin?')).status).toBe(201);
    expect((await line('Hello there')).status).toBe(201);
    expect((await line('Send us your password')).status).toBe(403);

    const lead = (score: number) =>
      call(api.url, '/v1/leads', {
        method: 'POST',
        body: {
          site: t.siteKey,
          visitorId,
          conversationId,
          fields: { email: 'ceo@shop.example' },
          consent: { marketing: true, text: 'News by email?' },
          score,
        },
        headers: visitor,
      });
    expect((await lead(40)).status).toBe(201);
    const rows = async () => (await call(api.url, '/v1/leads', { headers: auth })).json.data as Record<string, unknown>[];
    expect((await rows())[0]).toMatchObject({ score: 40, qualified: false });
    expect((await lead(60)).status).toBe(201);
    expect((await rows())[0]).toMatchObject({ score: 60, qualified: true });
    const items = await scanTenant(t.tenantId);
    expect(items.find((i) => i.entity === 'conversation')).toMatchObject({ botId, botVersion: 1 });
    expect(typeof items.find((i) => i.entity === 'contact')?.qualifiedAt).toBe('string');

    const csv = await call(api.url, '/v1/leads?format=csv', { headers: auth });
    const header = String(csv.text)
      .split('\r\n')[0]
      ?.replace(/^\uFEFF/, '');
    expect(header?.endsWith('conversationId,answers,score,qualified')).toBe(true);
    expect(String(csv.text).split('\r\n')[1]?.endsWith(',60,true')).toBe(true);
    expect((await lead(1.5)).status).toBe(400);
  });

  it('A/B variants: shown, started and converted per variant, with a Wilson interval', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const base = pricingBot('Variant A');
    const broken = { ...base.flow, nodes: [{ id: 'hi', type: 'message', text: { en: 'B' }, next: 'nowhere' }] };
    const draft = { ...base, variants: [{ id: 'b', flow: broken }] };
    const botId = String((await call(api.url, '/v1/bots', { method: 'POST', body: draft, headers: auth })).json.botId);
    const refused = await call(api.url, `/v1/bots/${botId}/publish`, { method: 'POST', headers: auth });
    expect(refused.json.error?.issues?.[0]?.path).toBe('variants.0.flow.nodes.0');
    const fixed = { ...draft, variants: [{ id: 'b', flow: pricingBot('Variant B').flow }] };
    await call(api.url, `/v1/bots/${botId}`, { method: 'PUT', body: fixed, headers: auth });
    expect((await call(api.url, `/v1/bots/${botId}/publish`, { method: 'POST', headers: auth })).status).toBe(200);
    expect(((await call(api.url, `/v1/widget/config?site=${t.siteKey}`)).json.bots as { variants?: unknown[] }[])[0]?.variants).toHaveLength(1);
    expect((await call(api.url, '/v1/bots', { method: 'POST', body: { ...draft, variants: [{ id: 'a', flow: base.flow }] }, headers: auth })).status).toBe(400);

    for (const [variant, shown, leads] of [
      ['a', 4, 1],
      ['b', 2, 0],
    ] as const) {
      for (let i = 0; i < shown; i++)
        expect((await call(api.url, '/v1/bots/shown', { method: 'POST', body: { site: t.siteKey, botId, variant } })).status).toBe(204);
      for (let i = 0; i < leads + 1; i++) {
        const visitorId = cid('v');
        const started = await call(api.url, '/v1/conversations', {
          method: 'POST',
          body: { site: t.siteKey, visitorId, sessionId: cid('s'), pageUrl: 'https://shop.example/pricing', bot: { id: botId, version: 1 }, variant },
        });
        const { conversationId, visitorToken } = started.json as { conversationId: string; visitorToken: string };
        if (i < leads) {
          const body = { site: t.siteKey, visitorId, conversationId, fields: { email: `x${i}@shop.example` }, consent: { marketing: false, text: 'x' } };
          await call(api.url, '/v1/leads', { method: 'POST', body, headers: { 'x-parley-visitor': visitorToken } });
          // A corrected resend is not a second conversion.
          await call(api.url, '/v1/leads', { method: 'POST', body, headers: { 'x-parley-visitor': visitorToken } });
        }
      }
    }
    const stats = await call(api.url, `/v1/bots/${botId}/stats`, { headers: auth });
    expect(stats.json.data).toMatchObject([
      { variant: 'a', shown: 4, started: 2, converted: 1, rate: 0.25 },
      { variant: 'b', shown: 2, started: 1, converted: 0, rate: 0 },
    ]);
    const [a] = stats.json.data as { low: number; high: number }[];
    expect(a?.low).toBeGreaterThan(0);
    expect(a?.high).toBeLessThan(1);
    expect((await call(api.url, '/v1/bots/shown', { method: 'POST', body: { site: t.siteKey, botId: 'no such bot!' } })).status).toBe(400);
  });
});
