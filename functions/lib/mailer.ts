/**
 * Outgoing mail, one way out for the whole project: an SMTP server when
 * `PARLEY_SMTP_URL` is set (the local mail catcher, or any relay), else SES
 * in AWS. Without either a send fails loudly instead of vanishing.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from './config';
import { log } from './log';

export interface MailMessage {
  /** One address; lists are refused so a stray comma never adds a recipient. */
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export class MailNotSent extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailNotSent';
  }
}

// Exactly one mailbox, no display name, no list separators or header breaks.
const SINGLE_ADDRESS = /^[^\s@,;<>"()]{1,64}@[^\s@,;<>"()]{1,253}$/;

// Short enough that a dead relay fails within a Lambda's 10 s, not the library's 2 minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 8_000 };

let ses: SESv2Client | undefined;

export async function sendMail(message: MailMessage): Promise<void> {
  if (!SINGLE_ADDRESS.test(message.to)) throw new MailNotSent('The recipient must be one plain email address');
  const from = config.mailFrom();
  const smtpUrl = config.smtpUrl();
  if (smtpUrl) return sendSmtp(smtpUrl, from, message);
  if (config.inLambda()) return sendSes(from, message);
  throw new MailNotSent('No way to send mail: set PARLEY_SMTP_URL (npm start sets it to its mail catcher), or run in AWS with SES');
}

async function sendSmtp(url: string, from: string, message: MailMessage): Promise<void> {
  // Loaded on first send: most handlers that import the mailer never send.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({ url, ...SMTP_TIMEOUTS });
  try {
    await transport.sendMail({ from, ...message });
    logSent('smtp', message.to);
  } catch (error) {
    throw new MailNotSent(`Mail not sent through SMTP: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    transport.close();
  }
}

async function sendSes(from: string, message: MailMessage): Promise<void> {
  // The SDK client is imported lazily so bundles that never mail stay small.
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  ses ??= new SESv2Client({ region: config.region() });
  const content = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  try {
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: content(message.subject),
            Body: { Text: content(message.text), ...(message.html ? { Html: content(message.html) } : {}) },
          },
        },
      }),
    );
    logSent('ses', message.to, sent.MessageId);
  } catch (error) {
    throw new MailNotSent(`Mail not sent through SES: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The recipient's domain only: enough to follow a delivery, never the mailbox. */
function logSent(via: 'smtp' | 'ses', to: string, messageId?: string): void {
  log.info('mail sent', { via, recipientDomain: to.slice(to.lastIndexOf('@') + 1), ...(messageId ? { messageId } : {}) });
}
