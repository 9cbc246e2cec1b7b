/**
 * The one route table. The local server, the CDK stack and the OpenAPI
 * document are all generated from it: adding an endpoint is one entry here
 * plus its handler module `functions/<module>.ts` exporting `handler`.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** API Gateway style path, `{name}` for a path parameter, `{name+}` for the rest of the path. */
  path: string;
  /** Handler module under `functions/`, without extension. */
  module: string;
  /** `widget`: site key or visitor token; `customer`: secret API key; `public`: no credentials. */
  audience: 'widget' | 'customer' | 'public';
  /**
   * Table access the function is granted. `read`: reads, plus the single-item
   * writes every route makes for its audit entries and rate-limit counters
   * (PutItem, UpdateItem). `write`: also deletes, batch and transactional writes.
   */
  access: 'read' | 'write';
  /** Streams its response (large exports); in AWS served by a Function URL. */
  stream?: boolean;
  summary: string;
}

export const routes: readonly Route[] = [
  { method: 'OPTIONS', path: '/v1/{proxy+}', module: 'options-preflight', audience: 'public', access: 'read', summary: 'CORS preflight' },
  { method: 'GET', path: '/v1/widget/config', module: 'get-widget-config', audience: 'widget', access: 'read', summary: 'Bot flow, texts, theme and consent mode for the widget' },
  { method: 'POST', path: '/v1/collect', module: 'post-collect', audience: 'widget', access: 'write', summary: 'Record a batch of behavioural events' },
  { method: 'POST', path: '/v1/conversations', module: 'post-conversation', audience: 'widget', access: 'write', summary: 'Start (or resume) a conversation' },
  { method: 'POST', path: '/v1/conversations/{id}/messages', module: 'post-message', audience: 'widget', access: 'write', summary: 'Add a message to a conversation' },
  { method: 'POST', path: '/v1/leads', module: 'post-lead', audience: 'widget', access: 'write', summary: 'Capture a lead' },
  { method: 'DELETE', path: '/v1/visitors/me', module: 'delete-visitor-me', audience: 'widget', access: 'write', summary: 'A visitor erases their own data' },
  { method: 'GET', path: '/v1/leads', module: 'get-leads', audience: 'customer', access: 'read', stream: true, summary: 'Export leads (JSON pages, CSV or XLSX)' },
  { method: 'GET', path: '/v1/conversations', module: 'get-conversations', audience: 'customer', access: 'read', stream: true, summary: 'Export conversations with their messages' },
  { method: 'GET', path: '/v1/events', module: 'get-events', audience: 'customer', access: 'read', stream: true, summary: 'Export behavioural events' },
  { method: 'GET', path: '/v1/organizations', module: 'get-organizations', audience: 'customer', access: 'read', stream: true, summary: 'Organisation profiles derived from leads' },
  { method: 'GET', path: '/v1/audit', module: 'get-audit', audience: 'customer', access: 'read', stream: true, summary: 'The audit log: exports, erasures and other mass operations' },
  { method: 'GET', path: '/v1/contacts/{contactId}', module: 'get-contact', audience: 'customer', access: 'read', stream: true, summary: 'Everything stored about one contact (access, portability)' },
  { method: 'PATCH', path: '/v1/contacts/{contactId}', module: 'patch-contact', audience: 'customer', access: 'write', summary: 'Correct a contact or restrict its processing' },
  { method: 'DELETE', path: '/v1/contacts/{contactId}', module: 'delete-contact', audience: 'customer', access: 'write', summary: 'Erase a contact and everything linked, with a deletion receipt' },
  { method: 'GET', path: '/v1/export', module: 'get-export', audience: 'customer', access: 'read', stream: true, summary: 'Everything the tenant owns as one ZIP (JSON, CSV and JSON Schemas)' },
  { method: 'POST', path: '/v1/tenant/close', module: 'post-tenant-close', audience: 'customer', access: 'write', summary: 'Close the account: delete all its data, with a receipt' },
  { method: 'GET', path: '/v1/schema', module: 'get-schema', audience: 'public', access: 'read', summary: 'JSON Schema of every exportable structure' },
  { method: 'GET', path: '/v1/openapi.json', module: 'get-openapi', audience: 'public', access: 'read', summary: 'This API as OpenAPI 3.1' },
  { method: 'GET', path: '/v1/settings', module: 'get-settings', audience: 'customer', access: 'read', summary: 'Read the tenant settings' },
  { method: 'PUT', path: '/v1/settings', module: 'put-settings', audience: 'customer', access: 'write', summary: 'Replace the tenant settings' },
];

/** Matches a concrete path against a route path, returning its parameters (none for a path that is not valid percent-encoding). */
export function matchRoutePath(routePath: string, actual: string): Record<string, string> | undefined {
  try {
    return matchDecoded(routePath, actual);
  } catch {
    return undefined;
  }
}

function matchDecoded(routePath: string, actual: string): Record<string, string> | undefined {
  const want = routePath.split('/');
  const got = actual.split('/');
  const greedy = want.at(-1)?.endsWith('+}') ?? false;
  if (greedy ? got.length < want.length : want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith('{') && w.endsWith('+}')) {
      params[w.slice(1, -2)] = got.slice(i).map(decodeURIComponent).join('/');
      return got.slice(i).every(Boolean) ? params : undefined;
    }
    if (w.startsWith('{') && w.endsWith('}')) {
      if (!g) return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Jobs run on a schedule (EventBridge in AWS, `npm run purge` locally). */
export interface ScheduledJob {
  module: string;
  /** EventBridge schedule expression. */
  schedule: string;
  access: Route['access'];
  summary: string;
}

export const scheduledJobs: readonly ScheduledJob[] = [
  { module: 'purge', schedule: 'rate(1 day)', access: 'write', summary: "Delete data past each tenant's retention" },
];
