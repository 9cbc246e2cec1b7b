// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatHost } from '../widget/src/chat-host';
import { Panel } from '../widget/src/chat/Panel';
import type { Locale } from '../widget/src/locale';
import { Store } from '../widget/src/state';
import { Transport } from '../widget/src/transport';
import { API, CONFIG, SITE, fakeApi } from './widget-fake-api';

const stores: Store[] = [];

function chat(options: { locale?: Locale; identified?: Record<string, string> } = {}) {
  const store = new Store(SITE);
  store.allow();
  stores.push(store);
  const transport = new Transport(API, SITE, store);
  const host: ChatHost = {
    config: CONFIG,
    locale: options.locale ?? 'en',
    store,
    identified: options.identified ?? {},
    send: (job) => transport.send(job),
    offline: () => transport.offline,
    askAnalytics: () => false,
    consent: vi.fn(),
    close: vi.fn(),
    adopt: () => undefined,
  };
  render(<Panel host={host} open focus />);
  return { host, store, transport, log: () => within(screen.getByRole('log')) };
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
    expect(start?.body).toMatchObject({ site: SITE, visitorId: expect.stringMatching(/^v_[\w-]{16}$/), sessionId: expect.stringMatching(/^s_/), pageUrl: location.href });
    const messages = api.to('messages');
    expect(messages.every((m) => m.path === '/v1/conversations/c_conversation1/messages' && m.headers['X-Parley-Visitor'] === 'pv1.tenant.visitor.signature')).toBe(true);
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
    expect(api.to('/v1/leads')[0]?.body).toEqual({
      site: SITE,
      visitorId: start?.body?.visitorId,
      conversationId: 'c_conversation1',
      pageUrl: location.href,
      referrer: '',
      fields: { firstName: 'Aino', email: 'aino@example.com' },
      answers: [{ question: 'What can we help you with?', answer: 'Pricing for a team of 50' }],
      consent: { marketing: true, text: CONFIG.bot.consentText },
    });
  });

  it('keeps messages queued while offline, says so calmly, and sends them when back', async () => {
    api.offline = true;
    const { transport, log, store } = chat();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/offline/));
    type('Aino');
    expect(log().getByText('Aino')).toBeTruthy();
    expect(log().getAllByText('Sending…').length).toBeGreaterThan(0);
    expect(JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}').q.length).toBe(4);

    api.offline = false;
    await waitFor(async () => {
      await transport.pump();
      expect(store.state.q).toEqual([]);
    });
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
