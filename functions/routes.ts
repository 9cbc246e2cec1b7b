import * as routeTable from './route-table';
import type { Route } from './route-table';

export type { Route };

/**
 * Every HTTP route of the table (functions/route-table.ts), by path and
 * method, for the local server, the CDK stack and the OpenAPI document.
 * Handlers import their own entry from the table instead, so that their
 * bundles hold no other route. Compared by code unit: `localeCompare` would
 * load ICU's collation data into get-openapi's cold start.
 */
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPathAndMethod = (a: Route, b: Route) => order(a.path, b.path) || order(a.method, b.method);
export const routes: readonly Route[] = Object.values(routeTable).sort(byPathAndMethod);

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
  /** Sends mail (granted SES in AWS). */
  sendsMail?: true;
  summary: string;
}

export const scheduledJobs: readonly ScheduledJob[] = [
  { module: 'purge', schedule: 'rate(1 day)', access: 'write', summary: "Delete data past each tenant's retention" },
  {
    module: 'webhook-retries',
    schedule: 'rate(1 minute)',
    access: 'write',
    sendsMail: true,
    summary: 'Attempt the webhook deliveries and send the reply mails to away visitors that are due, and fan out outbox events the stream left behind',
  },
  {
    module: 'daily-notifications',
    schedule: 'cron(15 0 * * ? *)',
    access: 'write',
    sendsMail: true,
    summary: "Yesterday's digest mails and the fewer-leads-than alerts",
  },
];

/**
 * Consumers of the table's stream (DynamoDB Streams → Lambda in AWS, with a
 * dead-letter queue; locally `local/delivery-worker.ts` polls the same outbox).
 * `entity` filters the records: only new items of that entity reach the function.
 */
export interface StreamConsumer {
  module: string;
  entity: string;
  access: Route['access'];
  sendsMail?: true;
  summary: string;
}

export const streamConsumers: readonly StreamConsumer[] = [
  {
    module: 'outbox-stream',
    entity: 'outbox',
    access: 'write',
    sendsMail: true,
    summary: 'Fan each new outbox event out to its webhook endpoints and attempt them',
  },
];

/** WebSocket routes (API Gateway WebSocket API in AWS, `local/live.ts` locally): the live chat. */
export interface SocketRoute {
  /** `$connect`, `$disconnect`, `$default`, or a frame's `type` (the route selection expression is `$request.body.type`). */
  routeKey: '$connect' | '$disconnect' | '$default' | 'typing' | 'seen' | 'presence';
  module: string;
  /** Pushes to sockets (granted the Management API in AWS). */
  pushesLive?: true;
  access: Route['access'];
  summary: string;
}

export const socketRoutes: readonly SocketRoute[] = [
  {
    routeKey: '$connect',
    module: 'ws-connect',
    access: 'write',
    summary: 'A visitor (`/v1/live?token=VISITOR_TOKEN`) or a person of the team (a token from `POST /v1/live/token`) opens a socket',
  },
  { routeKey: '$disconnect', module: 'ws-disconnect', access: 'write', pushesLive: true, summary: 'A socket closed' },
  { routeKey: 'typing', module: 'ws-typing', access: 'write', pushesLive: true, summary: '"Typing…" to the other side of a conversation' },
  { routeKey: 'seen', module: 'ws-seen', access: 'write', pushesLive: true, summary: 'Read up to a sequence number ("Seen")' },
  { routeKey: 'presence', module: 'ws-presence', access: 'write', pushesLive: true, summary: 'A person of the team goes online or away' },
  { routeKey: '$default', module: 'ws-default', access: 'write', summary: 'Any other frame (keep-alive pings)' },
];
