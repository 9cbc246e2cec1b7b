/**
 * How every function is bundled, in one place: the CDK stack
 * (infra/api-function.ts) and the cold-start benchmark (bench/cold-start.ts)
 * both read it, so the benchmark measures what is deployed.
 *
 * What makes a cold start short (`npm run bench:cold` measures each):
 * - the AWS SDK clients a function uses on every request are bundled with
 *   it, tree-shaken and minified, instead of loading the runtime's CommonJS
 *   copy of every command;
 * - CommonJS output: an ESM bundle's `import` of `node:http` builds an ESM
 *   facade of the module, which reads its lazy getters and so loads undici
 *   (Node's fetch), about a fifth of the init time;
 * - what only some requests need stays out of the bundle and is loaded from
 *   the runtime's SDK on first use (`LAZY_FROM_RUNTIME`);
 * - no `--enable-source-maps`: loading the map cost about as much again as
 *   the handler's own code. The map is still deployed beside the bundle, to
 *   map a logged stack offline.
 */

/**
 * Packages of the Lambda runtime's own AWS SDK (found through NODE_PATH)
 * that a function loads only when it needs them: the clients behind
 * dynamic imports (master keys on first use, mail, live-chat pushes) and the
 * credential providers other than the environment's, which Lambda never
 * reaches.
 */
export const LAZY_FROM_RUNTIME = [
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-sdk/nested-clients',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/token-providers',
];

export const BUNDLING = {
  format: 'cjs',
  minify: true,
  sourceMap: true,
  /** Source maps without the sources: smaller, and enough to map a stack. */
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  bundleAwsSdk: true,
  externalModules: LAZY_FROM_RUNTIME,
} as const;

/** The esbuild options NodejsFunction derives from BUNDLING. */
export function esbuildOptions() {
  return {
    bundle: true,
    platform: 'node' as const,
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.externalModules, ...BUNDLING.externalModules.map((m) => `${m}/*`)],
  };
}

/**
 * How functions were bundled before (ESM, the whole SDK left to the
 * runtime, source maps enabled at run time): the benchmark's baseline.
 */
export const PREVIOUS_BUNDLING = {
  options: {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node24',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    external: ['@aws-sdk/*'],
  },
  nodeOptions: '--enable-source-maps',
};
