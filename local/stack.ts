import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderDemoPage } from '../widget/demo/page';
import { hashPassword } from '../functions/domain/accounts/passwords';
import { joinTenant } from '../functions/domain/accounts/people';
import { type CreatedTenant, createTenant } from '../functions/domain/tenants';
import { resetDbClient } from '../functions/lib/dynamo';
import { ensureLocalMasterKeys, newMasterKeyEntry } from '../functions/lib/master-keys';
import { type DynamoDbLocal, ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { type MailCatcher, startMailCatcher } from './mail-catcher';
import { mailPages } from './mail-pages';
import { createLocalServer, listen } from './server';

const ROOT = resolve(import.meta.dirname, '..');

/** Where a running `npm start` notes its DynamoDB Local endpoint for the CLI scripts. */
export const ENDPOINT_FILE = '.data/dynamodb-endpoint';
/** Where a running `npm start` notes its mail catcher's SMTP URL, so CLI mail shows on its `/dev/mail`. */
export const SMTP_URL_FILE = '.data/smtp-url';

export interface StackOptions {
  port?: number;
  host?: string;
  /** Where DynamoDB Local keeps its data; omitted: in memory. */
  dataDir?: string;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  dynamoEndpoint?: string;
  tableName?: string;
  trustProxy?: boolean;
  /** Build the widget and dashboard if their bundles are missing. */
  build?: boolean;
  /** Catch outgoing mail (`/dev/mail`); by default unless PARLEY_SMTP_URL names a mail server already. */
  mailCatcher?: boolean;
}

export interface Stack {
  url: string;
  endpoint: string;
  tableName: string;
  demo: CreatedTenant & { created: boolean; ownerEmail: string; ownerPassword?: string };
  /** The mail catcher this stack started, if any; PARLEY_SMTP_URL points at it while the stack runs. */
  mail: MailCatcher | undefined;
  server: Server;
  /**
   * Stops the HTTP and WebSocket server (every connection and socket drops)
   * and starts a new one on the same port: a crash or a deploy, as the
   * clients meet it. Everything stored stays.
   */
  restartServer: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Builds a Vite entry unless its output exists. */
export function buildIfMissing(config: string, output: string): void {
  if (!existsSync(join(ROOT, output))) buildBundle(config);
}

/** Builds a Vite entry (widget or dashboard) if the project has it. */
export function buildBundle(config: string): void {
  if (!existsSync(join(ROOT, config))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', config, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/**
 * Everything `npm start` runs: DynamoDB Local (unless an endpoint is given),
 * the table, the demo tenant and the HTTP server with API, widget, demo and
 * dashboard. Tests start the same stack in memory.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  let ddb: DynamoDbLocal | undefined;
  let endpoint = options.dynamoEndpoint;
  if (!endpoint) {
    ddb = await startDynamoDbLocal(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {});
    endpoint = ddb.endpoint;
  }
  const tableName = options.tableName ?? 'parley';
  // The master key stays beside the data it protects; an in-memory stack gets a fresh one.
  if (options.dataDir) ensureLocalMasterKeys(join(options.dataDir, 'master-keys'));
  else process.env.PARLEY_MASTER_KEYS ??= newMasterKeyEntry('k1');
  process.env.PARLEY_DYNAMODB_ENDPOINT = endpoint;
  process.env.PARLEY_TABLE = tableName;
  resetDbClient();
  await ensureTable(endpoint, tableName);
  const endpointFile = ddb && options.dataDir ? join(options.dataDir, 'dynamodb-endpoint') : undefined;
  if (endpointFile) writeFileSync(endpointFile, endpoint);
  // Before the demo seed, so anything that mails on the way is caught too.
  const previousSmtpUrl = process.env.PARLEY_SMTP_URL;
  const mail = (options.mailCatcher ?? !previousSmtpUrl) ? await startMailCatcher() : undefined;
  const smtpUrlFile = mail && options.dataDir ? join(options.dataDir, 'smtp-url') : undefined;
  if (mail) process.env.PARLEY_SMTP_URL = mail.url;
  if (smtpUrlFile && mail && options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(smtpUrlFile, mail.url);
  }
  const demo = await seedDemoTenant(options.dataDir);

  if (options.build) {
    buildIfMissing('widget/vite.config.ts', 'widget/dist/parley.js');
    buildIfMissing('dashboard/vite.config.ts', 'dashboard/dist/index.html');
  }
  const serve = () =>
    createLocalServer({
      trustProxy: options.trustProxy ?? false,
      statics: [
        { prefix: '/dashboard', dir: join(ROOT, 'dashboard/dist'), fallback: 'index.html' },
        { prefix: '/', dir: join(ROOT, 'widget/dist') },
      ],
      pages: {
        '/demo': () => renderDemoPage({ siteKey: demo.siteKey, apiBase: url }),
        '/': () => renderDemoPage({ siteKey: demo.siteKey, apiBase: url }),
        ...(mail ? mailPages(mail) : {}),
      },
    });
  let server = serve();
  const port = await listen(server, options.port ?? 8787, options.host ?? '127.0.0.1');
  const close = async (s: Server) => {
    const closed = new Promise<void>((r) => s.close(() => r()));
    s.closeAllConnections();
    await closed;
  };
  const url = `http://localhost:${port}`;
  // Links in mail (invitations, password resets) point at this server.
  process.env.PARLEY_PUBLIC_URL ??= url;
  return {
    url,
    endpoint,
    tableName,
    demo,
    mail,
    get server() {
      return server;
    },
    restartServer: async () => {
      await close(server);
      server = serve();
      await listen(server, port, options.host ?? '127.0.0.1');
    },
    stop: async () => {
      await close(server);
      resetDbClient();
      if (endpointFile) rmSync(endpointFile, { force: true });
      if (smtpUrlFile) rmSync(smtpUrlFile, { force: true });
      if (mail) {
        if (previousSmtpUrl === undefined) delete process.env.PARLEY_SMTP_URL;
        else process.env.PARLEY_SMTP_URL = previousSmtpUrl;
        await mail.stop();
      }
      await ddb?.stop();
    },
  };
}

/** The demo tenant's owner, who signs in to the dashboard (one per demo tenant). */
const demoOwnerEmail = (tenantId: string) => `owner-${tenantId}@demo.parley.localhost`;

/**
 * Creates the demo tenant and its owner on first start. The keys are kept in
 * the data folder (local development only) so every start can print them
 * again; the owner's password is printed once and stored only hashed
 * (forgotten: a reset by POST /v1/auth/reset, the mail shows at /dev/mail).
 */
async function seedDemoTenant(dataDir: string | undefined): Promise<CreatedTenant & { created: boolean; ownerEmail: string; ownerPassword?: string }> {
  const file = dataDir ? join(dataDir, 'demo-tenant.json') : undefined;
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as CreatedTenant;
    const { getTenant } = await import('../functions/domain/tenants');
    if (await getTenant(saved.tenantId)) return { ...saved, created: false, ownerEmail: demoOwnerEmail(saved.tenantId) };
  }
  const created = await createTenant({ name: 'Demo Company' });
  const ownerPassword = randomBytes(12).toString('base64url');
  await joinTenant(created.tenantId, {
    email: demoOwnerEmail(created.tenantId),
    name: 'Demo Owner',
    role: 'owner',
    passwordHash: await hashPassword(ownerPassword),
  });
  if (file && dataDir) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  }
  return { ...created, created: true, ownerEmail: demoOwnerEmail(created.tenantId), ownerPassword };
}
