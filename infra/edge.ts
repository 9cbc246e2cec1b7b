import type { Route } from '../functions/routes';

/**
 * How the one CloudFront host splits requests between the HTTP API, the
 * Function URLs of the streamed routes and the two buckets, derived from the
 * route table.
 */

/** Origin id of the HTTP API in the distribution (CloudFront Functions select it by this id). */
export const API_ORIGIN_ID = 'parley-api';

/**
 * Origin access control for Lambda replaces the viewer's Authorization header
 * with CloudFront's signature, so the secret key travels on to a Function URL
 * in this header instead.
 */
export const RELAYED_AUTHORIZATION = 'x-parley-authorization';

/** Route path → CloudFront path pattern: a `{param}` (or `{rest+}`) becomes `*`. */
export const edgePattern = (path: string): string => path.replace(/\{[^}]+\}/g, '*');

/** CloudFront path-pattern matching: `*` is any run of characters (slashes too), `?` exactly one. */
export function edgeMatches(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** A concrete path of a route (`/v1/contacts/{contactId}` → `/v1/contacts/x`). */
export const samplePath = (path: string): string => path.replace(/\{[^}]+\}/g, 'x');

export interface StreamedPath {
  /** CloudFront path pattern of the route's path. */
  pattern: string;
  /** The streamed route behind this path's Function URL. */
  route: Route;
  /** Methods on this path that stream: only these reach the Function URL. */
  streamed: Route['method'][];
  /** The path's other methods, served by the HTTP API. */
  buffered: Route['method'][];
}

/**
 * One CloudFront behaviour per streamed route, longest pattern first so a more
 * specific pattern is never shadowed by a shorter one.
 *
 * CloudFront routes by path only, yet a path can stream for GET and take a
 * body for POST (`GET /v1/conversations` streams, `POST /v1/conversations`
 * does not). Such a behaviour points at the Function URL, and a viewer-request
 * function sends every method that does not stream on that path back to the
 * HTTP API: origin access control for Lambda cannot sign a body unless the
 * client itself sends its SHA-256 (`x-amz-content-sha256`), which browsers and
 * the widget do not, so body-carrying methods and CORS preflights never go to
 * a Function URL.
 */
export function streamedPaths(routes: readonly Route[]): StreamedPath[] {
  const byPattern = new Map<string, StreamedPath>();
  for (const route of routes.filter((r) => r.stream)) {
    const pattern = edgePattern(route.path);
    if (byPattern.has(pattern))
      throw new Error(`${route.method} ${route.path}: a second streamed route on ${pattern}; one CloudFront behaviour has one Function URL`);
    const onPath = routes.filter((r) => edgePattern(r.path) === pattern);
    const streamed = onPath.filter((r) => r.stream).map((r) => r.method);
    byPattern.set(pattern, { pattern, route, streamed, buffered: onPath.filter((r) => !r.stream).map((r) => r.method) });
  }
  const paths = [...byPattern.values()].sort((a, b) => b.pattern.length - a.pattern.length || a.pattern.localeCompare(b.pattern));
  // A buffered route under a streamed pattern with a streamed method (say a
  // buffered `GET /v1/contacts/{id}/notes` under `/v1/contacts/*`) would
  // reach the wrong function.
  for (const route of routes.filter((r) => !r.stream)) {
    const owner = paths.find((p) => edgeMatches(p.pattern, samplePath(route.path)));
    if (owner && owner.route.path !== route.path && (route.method === 'ANY' || owner.streamed.includes(route.method))) {
      throw new Error(`${route.method} ${route.path} falls under the streamed pattern ${owner.pattern}; give it a path of its own`);
    }
  }
  return paths;
}

/**
 * Viewer-request function of the streamed behaviours (CloudFront Functions,
 * JavaScript runtime 2.0): methods that stream stay on the behaviour's
 * Function URL with the key relayed; any other goes to the HTTP API.
 */
export function streamedPathFunctionCode(streamed: readonly Route['method'][]): string {
  const methods = Object.fromEntries(streamed.map((m) => [m, true]));
  return `import cf from 'cloudfront';
var STREAMED = ${JSON.stringify(methods)};
function handler(event) {
  var request = event.request;
  var headers = request.headers;
  if (!STREAMED[request.method]) {
    cf.selectRequestOriginById(${JSON.stringify(API_ORIGIN_ID)});
    return request;
  }
  var key = headers.authorization;
  delete headers[${JSON.stringify(RELAYED_AUTHORIZATION)}];
  if (key) headers[${JSON.stringify(RELAYED_AUTHORIZATION)}] = { value: key.value };
  return request;
}
`;
}

/** Dashboard paths without a file name are the SPA's own routes: all get its shell. */
export const DASHBOARD_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var name = request.uri.slice(request.uri.lastIndexOf('/') + 1);
  if (name.indexOf('.') === -1) request.uri = '/dashboard/index.html';
  return request;
}
`;

/** The bare host and `/dashboard` lead to the dashboard. */
export const ROOT_FUNCTION_CODE = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '/dashboard') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/dashboard/' } } };
  }
  return event.request;
}
`;
