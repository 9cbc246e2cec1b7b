import { vi } from 'vitest';
import { DEFAULT_SETTINGS, type WidgetConfig } from '../shared/schemas/settings';

export const SITE = 'ps_abcdefghijklmnop_ABCDEFGHIJ';
export const API = 'https://api.parley.test';

export const CONFIG: WidgetConfig = {
  name: 'Demo Company',
  consentMode: 'optional',
  locale: 'en',
  theme: DEFAULT_SETTINGS.theme,
  bot: DEFAULT_SETTINGS.bot,
};

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
  keepalive: boolean;
}

export const TOKEN = 'pv2.tenant.visitor.nonce.k1.signature';

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** An error answer in the API's shape. */
export const refuse = (status: number, code: string) => answer(status, { error: { code, message: code } });

/**
 * A stand-in for the API behind `fetch`: records every request the widget
 * sends and answers as the real handlers do. `offline` makes fetch fail;
 * `answer` may replace the answer to a request (return undefined to keep it).
 */
export function fakeApi(config: WidgetConfig = CONFIG) {
  const api = {
    requests: [] as SentRequest[],
    offline: false,
    answer: undefined as ((request: SentRequest) => Response | undefined) | undefined,
  };
  let seq = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      if (api.offline) throw new TypeError('Failed to fetch');
      const url = new URL(input);
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
      const request = { method, path: url.pathname, headers: { ...(init.headers as Record<string, string>) }, body, keepalive: init.keepalive === true };
      api.requests.push(request);
      const replaced = api.answer?.(request);
      if (replaced) return replaced;
      if (url.pathname === '/v1/widget/config') return answer(200, config);
      if (url.pathname === '/v1/collect') return answer(202, { accepted: 1, duplicates: 0 });
      if (url.pathname === '/v1/conversations') return answer(201, { conversationId: 'c_conversation1', visitorToken: TOKEN });
      if (url.pathname.endsWith('/messages')) return answer(201, { id: body?.id, duplicate: false, seq: ++seq });
      if (url.pathname === '/v1/leads') return answer(201, { contactId: 'ct_contact1' });
      if (url.pathname === '/v1/visitors/me') return new Response(null, { status: 204 });
      return answer(404, { error: { code: 'not_found', message: 'Not found' } });
    }),
  );
  return Object.assign(api, {
    /** Requests to a path (`messages`: to any conversation's messages). */
    to: (path: string) => api.requests.filter((r) => r.path === path || (path === 'messages' && r.path.endsWith('/messages'))),
  });
}
