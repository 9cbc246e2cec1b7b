import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from '../local/mail-catcher';
import { startTestServer, type TestServer } from './support/api';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run tenant -- …` as a child process, in `cwd` (where it looks for a running npm start's `.data/`). */
function tenantCli(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  return new Promise((done) => {
    execFile(process.execPath, [TSX, join(ROOT, 'scripts/tenant.ts'), ...args], { cwd, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The invitation token: the link's `token` query parameter (SPEC). */
function tokenOf(inviteUrl: string): string | null {
  return new URL(inviteUrl).searchParams.get('token');
}

describe('npm run tenant -- create --owner', () => {
  let catcher: MailCatcher;
  let api: TestServer;
  let emptyDir: string;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    api = await startTestServer();
    // No `.data/` here: no running npm start to find.
    emptyDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  });
  afterAll(async () => {
    await catcher.stop();
    await api.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('prints the tenant with ownerInviteUrl and mails the owner a link that signs them in', async () => {
    const owner = `Owner-${randomUUID()}@Example.test`;
    const run = await tenantCli(
      ['create', '--name', 'Acme <Widgets>', '--origin', 'https://acme.example', '--owner', owner],
      { PARLEY_SMTP_URL: catcher.url },
      emptyDir,
    );
    expect(run.code, run.stderr).toBe(0);

    const printed = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['apiKey', 'ownerInviteUrl', 'siteKey', 'tenantId']);
    expect(new URL(printed.ownerInviteUrl ?? '').pathname).toBe('/dashboard/');
    const token = tokenOf(printed.ownerInviteUrl ?? '');
    expect(token).toBeTruthy();

    const mail = catcher.messages().find((m) => m.to === owner.toLowerCase());
    expect(mail?.subject).toContain('Acme <Widgets>');
    expect(mail?.text).toContain(printed.ownerInviteUrl);
    expect(mail?.html).toContain('Acme &#60;Widgets&#62;');

    // The link is a real invitation: accepting it signs the owner in.
    const accepted = await fetch(`${api.url}/v1/auth/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, password: 'correct horse battery staple 42' }),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('set-cookie')).toMatch(/parley_session=/);
  });

  it('mails through the catcher a running npm start noted in .data/smtp-url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    try {
      mkdirSync(join(dir, '.data'));
      writeFileSync(join(dir, '.data/smtp-url'), catcher.url);
      const owner = `started-${randomUUID()}@example.test`;
      const run = await tenantCli(['create', '--name', 'Running Co', '--owner', owner], { PARLEY_SMTP_URL: undefined }, dir);
      expect(run.code, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout) as { ownerInviteUrl: string };
      expect(catcher.messages().find((m) => m.to === owner)?.text).toContain(printed.ownerInviteUrl);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still creates the tenant when the mail cannot be sent, and says so on stderr', async () => {
    const closed = await startMailCatcher();
    await closed.stop();
    const run = await tenantCli(['create', '--name', 'No Mail Co', '--owner', `down-${randomUUID()}@example.test`], { PARLEY_SMTP_URL: closed.url }, emptyDir);
    expect(run.code, run.stderr).toBe(0);
    expect(tokenOf((JSON.parse(run.stdout) as { ownerInviteUrl: string }).ownerInviteUrl)).toBeTruthy();
    expect(run.stderr).toMatch(/invitation mail was not sent/);
  });

  it('says no mail was sent when there is no way to send it', async () => {
    const run = await tenantCli(['create', '--name', 'Quiet Co', '--owner', `quiet-${randomUUID()}@example.test`], { PARLEY_SMTP_URL: undefined }, emptyDir);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('ownerInviteUrl');
    expect(run.stderr).toMatch(/No invitation mail sent/);
  });

  it('refuses an owner that is not an email address, creating nothing', async () => {
    const run = await tenantCli(['create', '--name', 'Typo Co', '--owner', 'not-an-address'], { PARLEY_SMTP_URL: catcher.url }, emptyDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--owner must be an email address/);
  });

  it('prints only { tenantId, siteKey, apiKey } without --owner', async () => {
    const run = await tenantCli(['create', '--name', 'Plain Co'], { PARLEY_SMTP_URL: catcher.url }, emptyDir);
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout) as object).sort()).toEqual(['apiKey', 'siteKey', 'tenantId']);
  });
});
