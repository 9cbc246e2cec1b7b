import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { open, signedIn } from './dashboard-fixtures';
import { call } from './support/api';
import { newContext, useProduct } from './support/browser';
import { waitForMail } from './support/caught-mail';

let stack: Stack;
let browser: Browser;
useProduct((s, b) => {
  stack = s;
  browser = b;
});

const widget = (page: Page) => page.locator('[data-parley]');
const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });

/** The stored transcript, as the API orders it. */
async function stored(conversationId: string) {
  const res = await call(stack.url, `/v1/conversations/${conversationId}/messages?after=0`, { headers: { authorization: `Bearer ${stack.demo.apiKey}` } });
  expect(res.status).toBe(200);
  return res.json.data as { id: string; author: string; text: string; seq: number }[];
}

describe('live chat between a visitor on a site and a person in the inbox', () => {
  it('exchanges messages both ways; through a restart of the server nothing is lost, nothing doubled, the order kept; away, the reply goes by mail', async () => {
    const email = `aino.${Date.now().toString(36)}@example.fi`;
    // The visitor, on the demo site, talks to the bot and then asks for a person.
    const { context: visitorContext, pageErrors: visitorErrors } = await newContext(browser);
    visitorContext.setDefaultTimeout(10_000);
    const site = await visitorContext.newPage();
    await site.goto(`${stack.url}/demo`);
    await widget(site).getByRole('button', { name: 'Open chat' }).click();
    const dialog = widget(site).getByRole('dialog');
    const log = dialog.getByRole('log');
    const say = async (text: string) => {
      await dialog.getByRole('textbox').fill(text);
      await dialog.getByRole('textbox').press('Enter');
    };
    for (const [question, answer] of [
      ['What is your first name?', 'Aino'],
      ['Which email can we reach you at?', email],
      ['Which company are you with?', 'Oy Example Ab'],
      ['What can we help you with?', 'Pricing for 50 seats'],
    ] as const) {
      await log.getByText(question).waitFor();
      await say(answer);
    }
    await dialog.getByRole('button', { name: 'Yes, please' }).click();
    await log.getByText('Someone from our team will be in touch soon', { exact: false }).waitFor();

    // A person of the team, signed in to the inbox in another browser.
    const agent = await signedIn(browser, stack, stack.demo.apiKey, { role: 'agent' });
    const inbox = agent.page;
    await open(inbox, stack, '#/inbox');
    await inbox.getByText('1 person online to answer').waitFor();

    await say('Can a person help me with the contract?');
    // Honest: someone is online, so the answer comes here.
    await log.getByText('Someone from the team will answer here shortly.').waitFor();
    const row = inbox.locator('.conversations li').filter({ hasText: 'Aino' });
    await row.getByRole('link').click();
    await transcript(inbox).getByText('Can a person help me with the contract?').waitFor();

    const reply = inbox.getByLabel('Reply');
    await reply.fill('Hi Aino, Test agent here. Happy to help.');
    await reply.press('Enter');
    await log.getByText('Hi Aino, Test agent here. Happy to help.').waitFor();
    await say('Great, thank you!');
    await transcript(inbox).getByText('Great, thank you!').waitFor();

    // The server stops (every socket drops) and comes back; a line the visitor sends meanwhile waits in the widget.
    await stack.restartServer();
    await say('Sent around the restart');
    await transcript(inbox).getByText('Sent around the restart').waitFor({ timeout: 20_000 });
    await reply.fill('Got it after the restart.');
    await reply.press('Enter');
    await log.getByText('Got it after the restart.').waitFor({ timeout: 20_000 });

    const conversationId = decodeURIComponent(new URL(inbox.url()).hash.split('/')[2]?.split('?')[0] ?? '');
    const messages = await stored(conversationId);
    const order = [
      'Can a person help me with the contract?',
      'Hi Aino, Test agent here. Happy to help.',
      'Great, thank you!',
      'Sent around the restart',
      'Got it after the restart.',
    ];
    // Stored once each, in the order both sides saw them.
    const live = messages.filter((m) => order.includes(m.text));
    expect(live.map((m) => m.text)).toEqual(order);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    for (const text of order) {
      expect(await log.locator('p', { hasText: text }).count()).toBe(1);
      expect(await transcript(inbox).locator('li', { hasText: text }).count()).toBe(1);
    }
    const shown = (await log.locator('p').allTextContents()).filter((t) => order.some((o) => t.includes(o)));
    expect(shown.map((t) => order.findIndex((o) => t.includes(o)))).toEqual([0, 1, 2, 3, 4]);

    // The visitor leaves; the next reply reaches them by mail, with a link back to the chat.
    await visitorContext.close();
    await reply.fill('We will send the contract tomorrow.');
    await reply.press('Enter');
    // (A reply sent while the widget was still reconnecting after the restart may have been mailed already: once.)
    const mail = await waitForMail((m) => m.to.includes(email) && m.text.includes('We will send the contract tomorrow.'), 15_000);
    expect(mail.text).not.toContain('Got it after the restart.');
    expect(mail.text).not.toContain('Happy to help.');
    expect(mail.text).toContain(`${stack.url}/demo#parley-chat`);

    expect(visitorErrors).toEqual([]);
    expect(agent.pageErrors).toEqual([]);
  }, 120_000);
});
