import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sendMail } from '../functions/lib/mailer';
import { type CaughtMail, MAX_CAUGHT_MAILS, startMailCatcher } from '../local/mail-catcher';
import { type Stack, startStack } from '../local/stack';

const recipient = () => `catcher-${randomUUID()}@example.test`;

/** A GET with a chosen Host header, as a page on another site rebinding its name to loopback would send. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('the stack npm start runs, with its mail catcher', () => {
  let stack: Stack;
  const runCatcher = process.env.PARLEY_SMTP_URL;

  beforeAll(async () => {
    stack = await startStack({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName'), mailCatcher: true });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('points PARLEY_SMTP_URL at its catcher while it runs', () => {
    expect(stack.mail?.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.PARLEY_SMTP_URL).toBe(stack.mail?.url);
  });

  it('lists mail sent with sendMail on /dev/mail.json, newest first', async () => {
    const first = recipient();
    const second = recipient();
    await sendMail({ to: first, subject: 'First', text: 'one' });
    await sendMail({ to: second, subject: 'Second', text: 'two\nlines' });

    const response = await fetch(`${stack.url}/dev/mail.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const mails = (await response.json()) as CaughtMail[];
    const mine = mails.filter((m) => m.to === first || m.to === second);
    expect(mine.map((m) => [m.to, m.subject, m.text.trim()])).toEqual([
      [second, 'Second', 'two\nlines'],
      [first, 'First', 'one'],
    ]);
    expect(Date.parse(mine[0]?.receivedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('escapes HTML in the subject and text on /dev/mail and links only http(s) URLs', async () => {
    const to = recipient();
    await sendMail({
      to,
      subject: '<script>alert("subject")</script>',
      text: 'Hi <img src=x onerror=alert(1)>\nAccept: http://localhost:8787/dashboard/#/accept?token=t1&next=a.\nNot this: javascript:alert(2)',
      html: '<p>Hi</p><script>alert(3)</script>',
    });

    const response = await fetch(`${stack.url}/dev/mail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(to);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;script&#62;alert(&#34;subject&#34;)&#60;/script&#62;');
    expect(page).toContain('<a href="http://localhost:8787/dashboard/#/accept?token=t1&#38;next=a" rel="noreferrer">');
    expect(page).not.toMatch(/href="javascript:/i);
    // The HTML part is shown only inside a sandbox that runs no script.
    expect(page).toMatch(/<iframe sandbox="" [^>]*srcdoc="&#60;p&#62;Hi&#60;\/p&#62;&#60;script&#62;/);
  });

  it('answers the mail pages on loopback names only', async () => {
    const json = `${stack.url.replace('localhost', '127.0.0.1')}/dev/mail.json`;
    expect((await getWithHost(json, 'attacker.example')).status).toBe(403);
    expect((await getWithHost(json, `127.0.0.1:${new URL(stack.url).port}`)).status).toBe(200);
  });

  it('gives PARLEY_SMTP_URL back when it stops', async () => {
    const other = await startStack({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName'), mailCatcher: true });
    expect(process.env.PARLEY_SMTP_URL).toBe(other.mail?.url);
    await other.stop();
    expect(process.env.PARLEY_SMTP_URL).toBe(stack.mail?.url);
    expect(runCatcher).toBe(inject('smtpUrl'));
  });
});

describe('a stack started with PARLEY_SMTP_URL already set', () => {
  it('starts no catcher and serves no mail pages', async () => {
    const stack = await startStack({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName') });
    try {
      expect(stack.mail).toBeUndefined();
      expect(process.env.PARLEY_SMTP_URL).toBe(inject('smtpUrl'));
      expect((await fetch(`${stack.url}/dev/mail.json`)).status).toBe(404);
    } finally {
      await stack.stop();
    }
  });
});

describe('startMailCatcher', () => {
  it(`keeps the newest ${MAX_CAUGHT_MAILS} mails`, async () => {
    const catcher = await startMailCatcher();
    // One kept-open connection: a new one per mail waits out the server's 100 ms early-talker check.
    const transport = createTransport({ url: catcher.url, pool: true, maxConnections: 1, maxMessages: Number.POSITIVE_INFINITY });
    try {
      const total = MAX_CAUGHT_MAILS + 3;
      for (let i = 0; i < total; i++) await transport.sendMail({ from: 'a@example.test', to: recipient(), subject: `n${i}`, text: String(i) });
      const subjects = catcher.messages().map((m) => m.subject);
      expect(subjects).toHaveLength(MAX_CAUGHT_MAILS);
      expect(subjects[0]).toBe(`n${total - 1}`);
      expect(subjects.at(-1)).toBe(`n${total - MAX_CAUGHT_MAILS}`);
    } finally {
      transport.close();
      await catcher.stop();
    }
  });
});
