import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { log } from '../functions/lib/log';

/** A mail the catcher received, as the dev pages and tests read it. */
export interface CaughtMail {
  id: string;
  /** The envelope's recipients, comma-separated. */
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
  /** ISO 8601. */
  receivedAt: string;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`, for `PARLEY_SMTP_URL`. */
  url: string;
  /** What arrived, newest first. */
  messages(): CaughtMail[];
  stop(): Promise<void>;
}

/** Older mail is dropped past this many: a long-running `npm start` stays small. */
export const MAX_CAUGHT_MAILS = 200;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * An SMTP server on loopback that keeps what it receives in memory instead
 * of delivering it: local development and tests send real mail over SMTP
 * and read it back here. No TLS and no auth, so it must never leave loopback.
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // A plain-text server offers no STARTTLS, or clients would try the library's test certificate.
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          // The server itself answers 552 for an oversized message; it is not kept either.
          if (stream.sizeExceeded) return callback();
          caught.unshift({
            id: randomUUID(),
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            receivedAt: new Date().toISOString(),
          });
          caught.length = Math.min(caught.length, MAX_CAUGHT_MAILS);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // A client that hangs up mid-session is no reason to stop catching.
  server.on('error', (error) => log.debug('mail catcher connection error', { error }));
  const listening = await new Promise<AddressInfo>((resolve, reject) => {
    const net = server.listen(0, '127.0.0.1', () => resolve(net.address() as AddressInfo));
    net.once('error', reject);
  });
  return {
    url: `smtp://127.0.0.1:${listening.port}`,
    messages: () => caught.map((mail) => ({ ...mail })),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
