import { vi } from 'vitest';
import { flowFromLegacy } from '../shared/flow-graph';
import { DEFAULT_SETTINGS, type WidgetConfig } from '../shared/schemas/settings';

export const SITE = 'ps_abcdefghijklmnop_ABCDEFGHIJ';
export const API = 'https://api.parley.test';

export const CONFIG: WidgetConfig = {
  name: 'Demo Company',
  consentMode: 'optional',
  locale: 'en',
  theme: { ...DEFAULT_SETTINGS.theme, text: '#fff' },
  bot: DEFAULT_SETTINGS.bot,
  bots: [
    {
      id: 'settings',
      version: 0,
      priority: 0,
      targeting: { urls: [], utm: {}, languages: [], visitors: 'all' },
      trigger: { exitIntent: false, combine: 'any', frequency: 'session' },
      flow: flowFromLegacy(DEFAULT_SETTINGS.bot),
    },
  ],
};

export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
  keepalive: boolean;
}

export const TOKEN = 'pv2.tenant.visitor.nonce.k1.signature';

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** An error answer in the API's shape. */
export const refuse = (status: number, code: string) => answer(status, { error: { code, message: code } });

/** A stored message as the API sends it to the widget (resync pages and socket frames). */
export interface StoredMessage {
  id: string;
  author: 'visitor' | 'bot' | 'agent';
  text: string;
  ts: string;
  seq: number;
  name?: string;
}

/**
 * A stand-in for the API behind `fetch`: records every request the widget
 * sends and answers as the real handlers do. `offline` makes fetch fail;
 * `answer` may replace the answer to a request (return undefined to keep it).
 * Messages are stored with their sequence number, as the API stores them.
 */
export function fakeApi(config: WidgetConfig = CONFIG) {
  const api = {
    requests: [] as SentRequest[],
    offline: false,
    answer: undefined as ((request: SentRequest) => Response | undefined) | undefined,
    messages: [] as StoredMessage[],
  };
  let seq = 0;
  const store = (message: Omit<StoredMessage, 'seq'>) => {
    const known = api.messages.find((m) => m.id === message.id);
    if (known) return { stored: known, duplicate: true };
    const stored = { ...message, seq: ++seq };
    api.messages.push(stored);
    return { stored, duplicate: false };
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      if (api.offline) throw new TypeError('Failed to fetch');
      const url = new URL(input);
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
      const request = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...(init.headers as Record<string, string>) },
        body,
        keepalive: init.keepalive === true,
      };
      api.requests.push(request);
      const replaced = api.answer?.(request);
      if (replaced) return replaced;
      if (url.pathname === '/v1/widget/config') return answer(200, config);
      if (url.pathname === '/v1/collect') return answer(202, { accepted: 1, duplicates: 0 });
      if (url.pathname === '/v1/conversations') return answer(201, { conversationId: 'c_conversation1', visitorToken: TOKEN });
      if (url.pathname.endsWith('/messages') && method === 'GET') {
        const after = Number(url.searchParams.get('after') ?? 0);
        return answer(200, { data: api.messages.filter((m) => m.seq > after), nextCursor: null });
      }
      if (url.pathname.endsWith('/messages')) {
        const { stored, duplicate } = store({
          id: String(body?.id),
          author: body?.author as StoredMessage['author'],
          text: String(body?.text),
          ts: new Date(Number(body?.ts)).toISOString(),
        });
        return answer(201, { id: stored.id, duplicate, seq: stored.seq });
      }
      if (url.pathname === '/v1/leads') return answer(201, { contactId: 'ct_contact1' });
      if (url.pathname === '/v1/visitors/me' || url.pathname === '/v1/bots/shown') return new Response(null, { status: 204 });
      return answer(404, { error: { code: 'not_found', message: 'Not found' } });
    }),
  );
  return Object.assign(api, {
    /** Requests to a path (`messages`: messages posted to any conversation; `resync`: messages fetched). */
    to: (path: string) =>
      api.requests.filter(
        (r) =>
          r.path === path ||
          (path === 'messages' && r.method === 'POST' && r.path.endsWith('/messages')) ||
          (path === 'resync' && r.method === 'GET' && r.path.endsWith('/messages')),
      ),
    /** A person of the team replies: stored with the next sequence number, as the API does before pushing it. */
    reply: (text: string, name = 'Anna') => store({ id: `m_agent${seq + 1}`, author: 'agent', text, ts: new Date().toISOString(), name }).stored,
  });
}
