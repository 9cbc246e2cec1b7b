import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dayActivity } from '../functions/domain/notifications/activity';
import { runDaily } from '../functions/domain/notifications/digest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { PASSWORD, captureLead, person } from './dashboard-fixtures';
import { type TestServer, call, newTenant, startTestServer } from './support/api';
import { waitForMail } from './support/caught-mail';
import { startReceiver, until } from './support/webhook-receiver';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const key = (t: CreatedTenant) => ({ authorization: `Bearer ${t.apiKey}` });

/** A person of the team, signed in: their session cookie and CSRF token. */
async function signedIn(t: CreatedTenant, role: 'owner' | 'admin' | 'agent' | 'viewer') {
  const p = await person(api.url, t.apiKey, role, `Nora ${role}`);
  const login = await call(api.url, '/v1/auth/login', { body: { email: p.email, password: PASSWORD } });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
  const me = await call(api.url, '/v1/me', { headers: { cookie } });
  const headers = { cookie, 'x-parley-csrf': String(me.json.csrfToken) };
  return { ...p, headers, prefs: (prefs: Record<string, boolean>) => call(api.url, '/v1/me/notifications', { method: 'PUT', body: prefs, headers }) };
}

describe('notifications', () => {
  it('mails a new lead at once to those who asked, with no contact details', async () => {
    const t = await newTenant();
    const agent = await signedIn(t, 'agent');
    expect((await call(api.url, '/v1/me/notifications', { headers: agent.headers })).json).toEqual({
      newLead: false,
      dailyDigest: false,
      alerts: false,
      waiting: true,
    });
    const saved = await agent.prefs({ newLead: true, dailyDigest: false, alerts: false });
    expect(saved.status).toBe(200);
    expect((await call(api.url, '/v1/me/notifications', { method: 'PUT', body: { newLead: 'yes' }, headers: agent.headers })).status).toBe(400);
    const contactId = await captureLead(api.url, t.siteKey, { firstName: 'Ada', company: 'Acme', email: 'ada.secret@example.com', phone: '+358401234567' });
    const mail = await waitForMail((m) => m.to.includes(agent.email) && m.subject.startsWith('New lead'), 10_000);
    expect(mail.subject).toBe('New lead: Ada (Acme)');
    expect(mail.text).toContain(`#/leads/${contactId}`);
    expect(mail.text).not.toContain('ada.secret');
    expect(mail.text).not.toContain('+358');
  });

  it('alerts by mail and webhook once when an hour brings more leads than the threshold', async () => {
    const t = await newTenant();
    const owner = await signedIn(t, 'owner');
    const receiver = await startReceiver();
    await call(api.url, '/v1/webhooks', { body: { url: receiver.url, events: ['alert.triggered'] }, headers: key(t) });
    expect((await call(api.url, '/v1/alerts', { method: 'PUT', body: { maxLeadsPerHour: 2 }, headers: key(t) })).json).toEqual({
      minLeadsPerDay: null,
      maxLeadsPerHour: 2,
      maxErasuresPerDay: null,
    });
    expect((await call(api.url, '/v1/alerts', { method: 'PUT', body: { maxLeadsPerHour: 0 }, headers: key(t) })).status).toBe(400);
    for (let i = 0; i < 4; i++) await captureLead(api.url, t.siteKey, { firstName: `Lead ${i}` });
    const mail = await waitForMail((m) => m.to.includes(owner.email) && m.subject.startsWith('Parley alert'), 10_000);
    // The worker handles events several at a time: the alert names the count it saw first past the threshold (3 or 4).
    expect(mail.subject).toMatch(/[34] leads in the hour .*more than 2 an hour/);
    await until(() => receiver.received.length >= 1, 'alert.triggered');
    expect(receiver.received[0]?.json).toMatchObject({ type: 'alert.triggered', data: { alert: 'many_leads_hour', threshold: 2 } });
    expect([3, 4]).toContain(receiver.received[0]?.json.data.count);
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });

  it('alerts on a spike in erasures', async () => {
    const t = await newTenant();
    const owner = await signedIn(t, 'owner');
    await call(api.url, '/v1/alerts', { method: 'PUT', body: { maxErasuresPerDay: 1 }, headers: key(t) });
    for (const name of ['Eve', 'Erin']) {
      const contactId = await captureLead(api.url, t.siteKey, { firstName: name });
      expect((await call(api.url, `/v1/contacts/${contactId}`, { method: 'DELETE', headers: key(t) })).status).toBe(200);
    }
    const mail = await waitForMail((m) => m.to.includes(owner.email) && m.subject.startsWith('Parley alert'), 10_000);
    expect(mail.subject).toMatch(/2 erasures on \d{4}-\d{2}-\d{2}/);
  });

  it('mails the daily digest to those who take it, and alerts when a day had fewer leads than the threshold', async () => {
    const t = await newTenant({ name: 'Digest Co' });
    const admin = await signedIn(t, 'admin');
    const viewer = await signedIn(t, 'viewer');
    await admin.prefs({ newLead: false, dailyDigest: true, alerts: true });
    await call(api.url, '/v1/alerts', { method: 'PUT', body: { minLeadsPerDay: 5 }, headers: key(t) });
    await captureLead(api.url, t.siteKey, { firstName: 'One' });
    await captureLead(api.url, t.siteKey, { firstName: 'Two' });
    const today = new Date().toISOString().slice(0, 10);
    // The counts are kept by the worker: wait until both leads are counted.
    await until(async () => (await dayActivity(t.tenantId, today)).leads === 2, 'both leads counted');
    await runDaily(today);
    const digest = await waitForMail((m) => m.to.includes(admin.email) && m.subject.startsWith('Parley digest'));
    expect(digest.subject).toBe(`Parley digest for ${today}: 2 leads`);
    expect(digest.text).toContain('Digest Co');
    const alert = await waitForMail((m) => m.to.includes(admin.email) && m.subject.startsWith('Parley alert'));
    expect(alert.subject).toContain(`Only 2 leads on ${today}`);
    // Once per window, and not to those who did not ask.
    await runDaily(today);
    await new Promise((r) => setTimeout(r, 300));
    const all = (await (await fetch(inject('caughtMailUrl'))).json()) as { to: string; subject: string }[];
    expect(all.filter((m) => m.to.includes(admin.email) && m.subject.startsWith('Parley alert'))).toHaveLength(1);
    expect(all.filter((m) => m.to.includes(viewer.email) && m.subject.startsWith('Parley'))).toHaveLength(0);
  });
});
