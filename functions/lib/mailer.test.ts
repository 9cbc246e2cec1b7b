import { randomUUID } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForMail } from '../../test/support/caught-mail';
import { setLogSink } from './log';
import { MailNotSent, sendMail } from './mailer';

const logLines: string[] = [];
beforeAll(() => setLogSink((line) => logLines.push(line)));
afterEach(() => {
  vi.unstubAllEnvs();
  logLines.length = 0;
});

const recipient = () => `mailer-${randomUUID()}@example.test`;

describe('sendMail through SMTP (PARLEY_SMTP_URL, the run’s mail catcher)', () => {
  it('delivers subject, text and HTML intact, from the default sender', async () => {
    const to = recipient();
    const subject = 'Tervetuloa — sinut on kutsuttu 🎉 <Acme & Co>';
    const text = 'Hei!\n\nAccept here: http://localhost:8787/dashboard/#/accept?token=abc_123\n\nÄÖÅ, ½ and a long line '.concat('x'.repeat(300));
    await sendMail({ to, subject, text, html: '<p>Hei <b>Anna</b></p>' });

    const mail = await waitForMail((m) => m.to === to);
    expect(mail.subject).toBe(subject);
    expect(mail.text.trim()).toBe(text.trim());
    expect(mail.html).toContain('<p>Hei <b>Anna</b></p>');
    expect(mail.from).toBe('"Parley" <no-reply@parley.localhost>');
  });

  it('sends from PARLEY_MAIL_FROM', async () => {
    vi.stubEnv('PARLEY_MAIL_FROM', 'Acme Support <support@acme.example>');
    const to = recipient();
    await sendMail({ to, subject: 'From check', text: 'body' });
    expect((await waitForMail((m) => m.to === to)).from).toBe('"Acme Support" <support@acme.example>');
  });

  it('logs the recipient’s domain only, never the mailbox or the body', async () => {
    const to = recipient();
    await sendMail({ to, subject: 'Log check', text: 'secret-body-words' });
    const sent = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === 'mail sent');
    expect(sent).toMatchObject({ via: 'smtp', recipientDomain: 'example.test' });
    expect(logLines.join('\n')).not.toContain(to.split('@')[0]);
    expect(logLines.join('\n')).not.toContain('secret-body-words');
  });

  it.each(['a@example.test, b@example.test', 'a@example.test\r\nBcc: b@example.test', 'Anna <a@example.test>', 'no-at-sign'])(
    'refuses %j as a recipient',
    async (to) => {
      await expect(sendMail({ to, subject: 's', text: 't' })).rejects.toBeInstanceOf(MailNotSent);
    },
  );

  it('fails with MailNotSent when the SMTP server cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createTcpServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    vi.stubEnv('PARLEY_SMTP_URL', `smtp://127.0.0.1:${port}`);
    await expect(sendMail({ to: recipient(), subject: 's', text: 't' })).rejects.toThrow(/Mail not sent through SMTP/);
  });
});

describe('sendMail without SMTP', () => {
  it('throws outside AWS instead of dropping the mail', async () => {
    vi.stubEnv('PARLEY_SMTP_URL', undefined);
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    await expect(sendMail({ to: recipient(), subject: 's', text: 't' })).rejects.toThrow(/PARLEY_SMTP_URL/);
  });

  it('calls SES v2 SendEmail in Lambda, from PARLEY_MAIL_FROM', async () => {
    // A stand-in for the SES endpoint on loopback records what the SDK sends.
    const requests: { path: string; body: unknown }[] = [];
    const ses = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ MessageId: 'ses-message-1' }));
      });
    });
    const port = await new Promise<number>((resolve) => ses.listen(0, '127.0.0.1', () => resolve((ses.address() as { port: number }).port)));
    try {
      vi.stubEnv('PARLEY_SMTP_URL', undefined);
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'parley-post-users');
      vi.stubEnv('AWS_ENDPOINT_URL_SESV2', `http://127.0.0.1:${port}`);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
      vi.stubEnv('PARLEY_MAIL_FROM', 'Parley <no-reply@parley.example>');
      const to = recipient();
      await sendMail({ to, subject: 'Via SES', text: 'plain', html: '<p>rich</p>' });

      expect(requests).toHaveLength(1);
      expect(requests[0]?.path).toBe('/v2/email/outbound-emails');
      expect(requests[0]?.body).toEqual({
        FromEmailAddress: 'Parley <no-reply@parley.example>',
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: 'Via SES', Charset: 'UTF-8' },
            Body: { Text: { Data: 'plain', Charset: 'UTF-8' }, Html: { Data: '<p>rich</p>', Charset: 'UTF-8' } },
          },
        },
      });
      expect(logLines.some((l) => l.includes('"via":"ses"') && l.includes('ses-message-1'))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => ses.close(() => resolve()));
    }
  });
});
