import type { ConversationRow, EventRow, LeadRow } from '../../shared/schemas/exports';
import type { Settings } from '../../shared/schemas/settings';

/** The secret key lives in this tab only (sessionStorage), never in a cookie. */
const KEY = 'parley.dashboard.key';
export const session = {
  get: () => sessionStorage.getItem(KEY),
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** One problem with a request's input, as the API reports it (`path` such as `email` or `fields.email`). */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

const authorization = () => ({ authorization: `Bearer ${session.get() ?? ''}` });

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { ...(init.headers ?? {}), ...authorization(), ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; issues?: ApiIssue[] } };
    throw new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? res.statusText, body.error?.issues ?? []);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The most rows a list loads at once. */
export const LIST_LIMIT = 5_000;

/**
 * Every page of a listing, following `nextCursor`. Lists stop at `max` rows
 * (the dashboard works on a few thousand at once); exports pass Infinity.
 */
async function all<T>(path: string, max = LIST_LIMIT, onPage?: (rows: number) => void): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; nextCursor: string | null } = await request(`${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
    onPage?.(rows.length);
    cursor = page.nextCursor;
  } while (cursor && rows.length < max);
  return rows;
}

export interface TenantSettings {
  tenantId: string;
  name: string;
  siteKey: string;
  settings: Settings;
}

export interface ContactRecord {
  contact: LeadRow;
  consent: { marketing: boolean; text: string; at: string };
  restricted: boolean;
  conversations: ConversationRow[];
  events: EventRow[];
}

export interface Receipt {
  receiptId: string;
  erasedAt: string;
  deleted: Record<string, number>;
}

/** A lead as the dashboard lists it: restricted ones are listed too, marked. */
export type ListedLead = LeadRow & { restricted?: boolean };

/** What a lead list shows: the same filters go to an export of it. */
export interface LeadFilter {
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** `q=…&from=…&to=…` without the empty ones. */
export function filterQuery(filter: LeadFilter): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'from', 'to'] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

const range = (from?: string, to?: string) => filterQuery({ from, to });

export const api = {
  settings: () => request<TenantSettings>('/v1/settings'),
  saveSettings: (settings: Settings) => request<TenantSettings>('/v1/settings', { method: 'PUT', body: JSON.stringify(settings) }),
  // Restricted leads stay on the owner's list (marked); only exports and webhooks leave them out.
  leads: (from?: string, to?: string) => all<ListedLead>(`/v1/leads?restricted=include&${range(from, to)}`),
  /** Every lead an export of this filter holds, all pages (restricted ones left out, as in every export). */
  exportLeads: (filter: LeadFilter, onProgress: (rows: number) => void) => all<LeadRow>(`/v1/leads?format=json&${filterQuery(filter)}`, Infinity, onProgress),
  conversations: (from?: string) => all<ConversationRow>(`/v1/conversations?${range(from)}`),
  contact: (id: string) => request<ContactRecord>(`/v1/contacts/${encodeURIComponent(id)}`),
  updateContact: (id: string, change: Record<string, unknown>) =>
    request<LeadRow>(`/v1/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) }),
  eraseContact: (id: string) => request<Receipt>(`/v1/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

/**
 * Downloads an export through fetch (the key is a header, not a URL
 * parameter), reporting bytes received as it streams.
 */
export async function download(path: string, filename: string, onProgress: (bytes: number) => void): Promise<void> {
  const res = await fetch(path, { headers: authorization() });
  if (!res.ok || !res.body) throw new ApiError(res.status, 'download_failed', 'The export failed');
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received);
  }
  saveFile(
    new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }),
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? filename,
  );
}

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
