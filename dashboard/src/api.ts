import type { ConversationRow, EventRow, LeadRow } from '../../shared/schemas/exports';
import type { Settings } from '../../shared/schemas/settings';

/** The secret key lives in this tab only (sessionStorage), never in a cookie. */
const KEY = 'parley.dashboard.key';
export const session = {
  get: () => sessionStorage.getItem(KEY),
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${session.get() ?? ''}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    throw new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? res.statusText);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Every page of a listing (the dashboard works on at most a few thousand rows at once). */
async function all<T>(path: string, max = 5_000): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; nextCursor: string | null } = await request(`${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
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

const range = (from?: string, to?: string) => [from ? `from=${from}` : '', to ? `to=${to}` : ''].filter(Boolean).join('&');

export const api = {
  settings: () => request<TenantSettings>('/v1/settings'),
  saveSettings: (settings: Settings) => request<TenantSettings>('/v1/settings', { method: 'PUT', body: JSON.stringify(settings) }),
  leads: (from?: string, to?: string) => all<LeadRow>(`/v1/leads?${range(from, to)}`),
  conversations: (from?: string) => all<ConversationRow>(`/v1/conversations?${range(from)}`),
  contact: (id: string) => request<ContactRecord>(`/v1/contacts/${encodeURIComponent(id)}`),
  updateContact: (id: string, change: Record<string, unknown>) => request<LeadRow>(`/v1/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) }),
  eraseContact: (id: string) => request<Receipt>(`/v1/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

/**
 * Downloads an export through fetch (the key is a header, not a URL
 * parameter), reporting bytes received as it streams.
 */
export async function download(path: string, filename: string, onProgress: (bytes: number) => void): Promise<void> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.get() ?? ''}` } });
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
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
