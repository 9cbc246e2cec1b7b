/**
 * The layers of the code, checked by `npm test` (`npm run lint:layers`):
 *
 *   functions/<handler>.ts   one Lambda per route: imports http/, domain/, lib/
 *   functions/http/          middlewares and adapters between HTTP events and domain/
 *   functions/domain/        business logic: never sees an HTTP event or builds a response
 *   functions/lib/           plumbing (DynamoDB client, keys, errors, logs): knows no domain
 *   local/                   local stand-ins for AWS (HTTP API, DynamoDB Local, schedules)
 *   widget/, dashboard/      browser code, sharing only shared/ with the functions
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'handlers-not-handlers',
      comment: 'A handler is one Lambda bundle: importing another drags its dependencies along.',
      severity: 'error',
      from: { path: '^functions/[^/]+\\.ts$', pathNot: '^functions/(routes|route-table)\\.ts$' },
      to: { path: '^functions/[^/]+\\.ts$', pathNot: '^functions/(routes|route-table)\\.ts$' },
    },
    {
      name: 'domain-not-http',
      comment: 'Business logic never sees an HTTP event or builds a response.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: ['^functions/http/', '^functions/lib/http\\.ts$', '^functions/[^/]+\\.ts$', 'aws-lambda'] },
    },
    {
      name: 'lib-not-domain',
      comment: 'Plumbing knows nothing of the business.',
      severity: 'error',
      from: { path: '^functions/lib/' },
      to: { path: ['^functions/domain/', '^functions/http/', '^functions/[^/]+\\.ts$'] },
    },
    {
      name: 'functions-not-widget',
      comment: 'What Lambda runs ships no browser code.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ['^widget/', '^dashboard/'] },
    },
    {
      name: 'functions-not-local',
      comment: 'The local stand-ins for AWS are not deployed.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^local/' },
    },
    {
      name: 'browser-not-functions',
      comment: 'The widget and dashboard share only shared/ with the server.',
      severity: 'error',
      from: { path: ['^widget/', '^dashboard/'] },
      to: { path: ['^functions/', '^local/', '^infra/'] },
    },
    {
      name: 'shared-stays-shared',
      comment: 'shared/ is used by both sides, so it depends on neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^functions/', '^widget/', '^dashboard/', '^local/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist', 'cdk\\.out', '\\.data'] },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no compiler API for the cruiser: Babel strips the types instead.
    babelConfig: { fileName: '.dependency-cruiser.babel.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
