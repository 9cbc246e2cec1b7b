import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startMailCatcher } from '../../local/mail-catcher';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one mail catcher: every test file sends its mail here (PARLEY_SMTP_URL). */
    smtpUrl: string;
    /** What that catcher received, newest first, as JSON (test/support/caught-mail.ts reads it). */
    caughtMailUrl: string;
  }
}

/**
 * One SMTP catcher for the whole run, so code that mails never fails for
 * want of a server. Test files run in other processes, so they read what it
 * caught over a loopback JSON endpoint.
 */
export default async function setup(project: TestProject) {
  const catcher = await startMailCatcher();
  const reader = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(catcher.messages()));
  });
  const { port } = await new Promise<AddressInfo>((resolve) => reader.listen(0, '127.0.0.1', () => resolve(reader.address() as AddressInfo)));
  project.provide('smtpUrl', catcher.url);
  project.provide('caughtMailUrl', `http://127.0.0.1:${port}/`);
  return async () => {
    await new Promise<void>((resolve) => reader.close(() => resolve()));
    reader.closeAllConnections();
    await catcher.stop();
  };
}
