// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEXTS } from '../widget/src/chat/texts';
import type { Locale } from '../widget/src/locale';
import { type Store, createStore } from '../widget/src/state';
import type { Outbox } from '../widget/src/transport';
import { CONFIG, SITE, TOKEN, fakeApi, refuse } from './widget-fake-api';
import { mountPanel, panelHost, unmountPanels as cleanup } from './widget-host';

const stores: Store[] = [];

/** The panel as the launcher hosts it. */
function chat(options: { locale?: Locale; identified?: Record<string, string>; askAnalytics?: boolean; store?: Store } = {}) {
  const store = options.store ?? createStore(SITE);
  store.allow();
  stores.push(store);
  let ask = options.askAnalytics ?? false;
  const host = panelHost(store, {
    locale: options.locale ?? 'en',
    identified: options.identified ? [options.identified] : [],
    askAnalytics: () => ask,
    consent: vi.fn(() => {
      ask = false;
      store.save();
    }),
  });
  mountPanel(host, true);
  return { host, store, transport: host.net, log: () => within(screen.getByRole('log')) };
}

/** Answers the default flow up to the marketing-consent question. */
function answerQuestions() {
  type('Aino');
  type('aino@example.com');
  fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
  type('Pricing for a team of 50');
}

/** Waits until the outbox is empty, pumping past the transport's backoff. */
async function delivered(store: Store, transport: Outbox) {
  await waitFor(async () => {
    await transport.pump();
    expect(store.state.q).toEqual([]);
  });
}

const type = (text: string) => {
  const input = screen.getByRole('textbox');
  fireEvent.input(input, { target: { value: text } });
  fireEvent.submit(input.closest('form')!);
};

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  localStorage.clear();
  api = fakeApi();
});
afterEach(() => {
  cleanup();
  // Pending retries of this test find nothing left to send.
  for (const store of stores.splice(0)) store.state.q = [];
  vi.unstubAllGlobals();
});

describe('the chat panel', () => {
  it('runs the bot flow, validating each field with the API schema, and sends the transcript and the lead', async () => {
    const { log } = chat();
    expect(screen.getByRole('dialog', { name: 'Demo Company' })).toBeTruthy();
    expect(log().getByText(CONFIG.bot.greeting)).toBeTruthy();
    expect(log().getByText('What is your first name?')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('textbox'));

    type('Aino');
    expect(log().getByText('Which email can we reach you at?')).toBeTruthy();
    expect(screen.getByRole('textbox').getAttribute('type')).toBe('email');
    type('aino@example');
    expect(screen.getByRole('alert').textContent).toBe('That does not look like an email address. Try name@example.com.');
    expect(screen.getByRole('textbox').getAttribute('aria-invalid')).toBe('true');
    expect(log().queryByText('aino@example')).toBeNull();
    type('  Aino@Example.com ');
    expect(screen.queryByRole('alert')).toBeNull();

    // Optional question: skipped.
    expect(log().getByText('Which company are you with?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    type('Pricing for a team of 50');
    expect(log().getByText(CONFIG.bot.consentText)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, please' }));
    expect(log().getByText(CONFIG.bot.thanks)).toBeTruthy();

    await waitFor(() => expect(api.to('messages')).toHaveLength(11));
    const [start] = api.to('/v1/conversations');
    expect(start?.body).toMatchObject({
      site: SITE,
      visitorId: expect.stringMatching(/^v_[\w-]{16}$/),
      sessionId: expect.stringMatching(/^s_/),
      pageUrl: location.href,
    });
    const messages = api.to('messages');
    expect(messages.every((m) => m.path === '/v1/conversations/c_conversation1/messages' && m.headers['X-Parley-Visitor'] === TOKEN)).toBe(true);
    expect(messages.map((m) => [m.body?.author, m.body?.text])).toEqual([
      ['bot', CONFIG.bot.greeting],
      ['bot', 'What is your first name?'],
      ['visitor', 'Aino'],
      ['bot', 'Which email can we reach you at?'],
      ['visitor', 'Aino@Example.com'],
      ['bot', 'Which company are you with?'],
      ['bot', 'What can we help you with?'],
      ['visitor', 'Pricing for a team of 50'],
      ['bot', CONFIG.bot.consentText],
      ['visitor', 'Yes, please'],
      ['bot', CONFIG.bot.thanks],
    ]);
    expect(new Set(messages.map((m) => m.body?.id)).size).toBe(messages.length);
    expect(api.to('/v1/leads')[0]?.headers['X-Parley-Visitor']).toBe(TOKEN);
    expect(api.to('/v1/leads')[0]?.body).toEqual({
      site: SITE,
      visitorId: start?.body?.visitorId,
      conversationId: 'c_conversation1',
      pageUrl: location.href,
      referrer: '',
      fields: { firstName: 'Aino', email: 'aino@example.com' },
      answers: [{ question: 'What can we help you with?', answer: 'Pricing for a team of 50' }],
      consent: { marketing: true, text: CONFIG.bot.consentText },
      score: 0,
    });
  });

  it('keeps messages queued while offline, says so calmly, and sends them when back', async () => {
    api.offline = true;
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { transport, log, store } = chat();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('You are offline. Your messages will be sent when your connection is back.'));
    type('Aino');
    expect(log().getByText('Aino')).toBeTruthy();
    expect(log().getAllByText('Sending…').length).toBeGreaterThan(0);
    expect(JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}').q.length).toBe(4);

    api.offline = false;
    vi.restoreAllMocks();
    await delivered(store, transport);
    expect(screen.queryByRole('status')).toBeNull();
    expect(log().queryByText('Sending…')).toBeNull();
    expect(api.to('messages').map((m) => m.body?.text)).toEqual([CONFIG.bot.greeting, 'What is your first name?', 'Aino', 'Which email can we reach you at?']);
    expect(store.state.q).toEqual([]);
  });

  it('skips what the site already told it, speaks Finnish, and renders visitor text as text', () => {
    const { log } = chat({ locale: 'fi', identified: { firstName: 'Aino', email: 'not an email' } });
    expect(log().queryByText('What is your first name?')).toBeNull();
    expect(log().getByText('Which email can we reach you at?')).toBeTruthy();
    type('aino@example.fi');
    expect(screen.getByRole('button', { name: 'Ohita' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lähetä' })).toBeTruthy();
    type('<img src=x onerror="alert(1)">');
    expect(log().getByText('<img src=x onerror="alert(1)">')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('closes on Escape', () => {
    const { host } = chat();
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Escape' });
    expect(host.close).toHaveBeenCalled();
  });
});

describe('the visitor secret and token', () => {
  it('starts with a 43-character secret, then sends the visitor token on later starts and on the lead', async () => {
    const { store, transport } = chat();
    answerQuestions();
    fireEvent.click(screen.getByRole('button', { name: 'No, thanks' }));
    await delivered(store, transport);
    const [start] = api.to('/v1/conversations');
    expect(start?.body?.visitorSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(start?.headers).not.toHaveProperty('X-Parley-Visitor');
    expect(api.to('/v1/leads')[0]?.headers['X-Parley-Visitor']).toBe(TOKEN);
    expect(store.state).toMatchObject({ t: TOKEN, k: start?.body?.visitorSecret });

    // A new session of the same visitor: its conversation start carries the token.
    cleanup();
    store.state = { ...store.state, s: 's_nextSession0001', m: [], step: -1, f: {}, ans: [] };
    delete store.state.c;
    const next = chat({ store });
    await delivered(store, next.transport);
    const restart = api.to('/v1/conversations')[1];
    expect(restart?.headers['X-Parley-Visitor']).toBe(TOKEN);
    expect(restart?.body).toMatchObject({ visitorId: start?.body?.visitorId, sessionId: 's_nextSession0001', visitorSecret: start?.body?.visitorSecret });
  });

  it('becomes a new visitor once when the visitor id is claimed by another browser', async () => {
    let refusals = 1;
    api.answer = (r) => (r.path === '/v1/conversations' && refusals-- > 0 ? refuse(401, 'visitor_token_required') : undefined);
    const { store, transport, log } = chat();
    const before = { v: store.state.v, k: store.state.k };
    await delivered(store, transport);
    const starts = api.to('/v1/conversations');
    expect(starts).toHaveLength(2);
    expect(starts[0]?.body).toMatchObject({ visitorId: before.v, visitorSecret: before.k });
    expect(starts[1]?.body?.visitorId).toMatch(/^v_/);
    expect(starts[1]?.body?.visitorId).not.toBe(before.v);
    expect(starts[1]?.body?.visitorSecret).not.toBe(before.k);
    expect(api.to('messages').map((m) => m.body?.text)).toEqual([CONFIG.bot.greeting, 'What is your first name?']);
    expect(log().queryByText('Sending…')).toBeNull();
  });

  it('never loops on refusals: a 401 on every start, or a 404 on every message, ends with the jobs dropped', async () => {
    api.answer = (r) => (r.path === '/v1/conversations' ? refuse(401, 'visitor_token_required') : undefined);
    const first = chat();
    await delivered(first.store, first.transport);
    // Greeting and first question: one start, one fresh visitor, then one attempt per job.
    expect(api.to('/v1/conversations')).toHaveLength(3);
    expect(api.to('messages')).toEqual([]);
    cleanup();

    api.requests.length = 0;
    localStorage.clear();
    api.answer = (r) => (r.path.endsWith('/messages') ? refuse(404, 'not_found') : undefined);
    const second = chat();
    type('Aino');
    await delivered(second.store, second.transport);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.to('/v1/conversations')).toHaveLength(2);
    expect(api.to('messages').length).toBeLessThanOrEqual(5);
    expect(second.log().queryByText('Sending…')).toBeNull();
  });

  it('sends messages in the order shown, with strictly increasing times within one millisecond', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2025, 0, 1));
    const { store, transport } = chat();
    type('Aino');
    vi.restoreAllMocks();
    await delivered(store, transport);
    const sent = api.to('messages').map((m) => [m.body?.text, m.body?.ts]);
    expect(sent.map(([text]) => text)).toEqual([CONFIG.bot.greeting, 'What is your first name?', 'Aino', 'Which email can we reach you at?']);
    const times = sent.map(([, ts]) => Number(ts));
    expect(times).toEqual([0, 1, 2, 3].map((i) => Date.UTC(2025, 0, 1) + i));
  });
});

describe('the panel gives the visitor control', () => {
  it('asks for analytics and marketing consent with two equal answers, focusing the question, not an answer', () => {
    const { host } = chat({ askAnalytics: true });
    const prompt = screen.getByRole('group', { name: TEXTS.en.analytics });
    expect(document.activeElement).toBe(prompt);
    const [allow, deny] = within(prompt).getAllByRole('button');
    expect([allow?.textContent, deny?.textContent]).toEqual(['Allow', 'No, thanks']);
    expect(allow?.className).toBe(deny?.className);
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    expect(host.consent).toHaveBeenCalledWith({ analytics: true });
    expect(document.activeElement).toBe(screen.getByRole('textbox'));

    answerQuestions();
    const consent = screen.getByRole('group', { name: CONFIG.bot.consentText });
    expect(document.activeElement).toBe(consent);
    const [yes, no] = within(consent).getAllByRole('button');
    expect([yes?.textContent, no?.textContent]).toEqual(['Yes, please', 'No, thanks']);
    expect(yes?.className).toBe(no?.className);
  });

  it('"Forget me" asks first, erases through the API and says so; offline it says the erasure is queued', async () => {
    const { store, transport, log } = chat();
    type('Aino');
    await delivered(store, transport);
    fireEvent.click(screen.getByRole('button', { name: 'Forget me' }));
    const ask = screen.getByRole('group', { name: TEXTS.en.forgetAsk });
    expect(document.activeElement).toBe(ask);
    fireEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(api.to('/v1/visitors/me')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Forget me' }));
    fireEvent.click(screen.getByRole('button', { name: 'Erase my data' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Your data has been erased.'));
    expect(api.to('/v1/visitors/me')).toEqual([expect.objectContaining({ method: 'DELETE', headers: { 'X-Parley-Visitor': TOKEN } })]);
    expect(log().queryByText('Aino')).toBeNull();
    expect(localStorage.getItem(`parley:${SITE}`)).toBeNull();
    cleanup();

    localStorage.clear();
    const again = chat();
    await delivered(again.store, again.transport);
    api.offline = true;
    fireEvent.click(screen.getByRole('button', { name: 'Forget me' }));
    fireEvent.click(screen.getByRole('button', { name: 'Erase my data' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(TEXTS.en.eraseQueued));
  });

  it("tells the visitor's own network apart from our API being down, in every locale", async () => {
    for (const texts of Object.values(TEXTS)) {
      expect(texts.offline).not.toBe(texts.down);
      expect(texts.down.length).toBeGreaterThan(10);
    }
    api.answer = (r) => (r.path === '/v1/conversations' ? refuse(503, 'unavailable') : undefined);
    chat({ locale: 'de' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(TEXTS.de.down));
    cleanup();
    api.answer = undefined;
    api.offline = true;
    localStorage.clear();
    chat({ locale: 'fi' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(TEXTS.fi.down));
    cleanup();
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    localStorage.clear();
    chat({ locale: 'fi' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(TEXTS.fi.offline));
  });

  it('answers free text after the lead with a notice shown here and never sent', async () => {
    const { store, transport, log } = chat();
    answerQuestions();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, please' }));
    expect(log().queryByText('Thanks — the team will reply here or by email.')).toBeNull();
    type('Do you ship to Finland?');
    expect(log().getByText('Thanks — the team will reply here or by email.')).toBeTruthy();
    await delivered(store, transport);
    const texts = api.to('messages').map((m) => m.body?.text);
    expect(texts.at(-1)).toBe('Do you ship to Finland?');
    const botTexts = new Set([CONFIG.bot.greeting, CONFIG.bot.consentText, CONFIG.bot.thanks, ...CONFIG.bot.questions.map((q) => q.text)]);
    expect(api.to('messages').filter((m) => m.body?.author === 'bot' && !botTexts.has(String(m.body?.text)))).toEqual([]);
  });
});
