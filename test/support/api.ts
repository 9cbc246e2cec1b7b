import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { type CreatedTenant, createTenant } from '../../functions/domain/tenants';
import { db, tableName } from '../../functions/lib/dynamo';
import { type LocalServerOptions, createLocalServer, listen } from '../../local/server';

export interface TestServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** The local HTTP server (the same one `npm start` runs) on a free port. */
export async function startTestServer(options: LocalServerOptions = {}): Promise<TestServer> {
  const server = createLocalServer(options);
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function newTenant(options: { origins?: string[]; name?: string } = {}): Promise<CreatedTenant> {
  return createTenant({ name: options.name ?? 'Test Co', ...(options.origins ? { origins: options.origins } : {}) });
}

/** A fresh client-style id. */
export const cid = (prefix = 'id') => `${prefix}_${randomBytes(9).toString('base64url')}`;

/** Every item of one tenant in the table (full scan: tests only). */
export async function scanTenant(tenantId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(PK, :p)',
        ExpressionAttributeValues: { ':p': `T#${tenantId}` },
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Items of a tenant other than its profile, keys, daily salts, rate counters, the outbox (ids of events, not data) and hourly activity counts. */
export async function scanTenantData(tenantId: string): Promise<Record<string, unknown>[]> {
  return (await scanTenant(tenantId)).filter((i) => !['tenant', 'apiKey', 'salt', 'rateWindow', 'outbox', 'delivery', 'activity'].includes(String(i.entity)));
}

/** A parsed JSON answer; the error shape is SPEC.md's. */
export type ApiJson = Record<string, unknown> & {
  error?: { code: string; message: string; issues?: { path: string; message: string }[] };
};

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the API; returns status, headers and the parsed JSON body (if any). */
export async function call(base: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as ApiJson };
}
