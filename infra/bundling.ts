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
 * - large libraries that are imported dynamically (`BESIDE_BUNDLE`) are
 *   bundled on their own beside the function's bundle, so a cold start
 *   does not even parse them: in one CommonJS file, code that is never run
 *   is still parsed, and parsing was a third of the init time;
 * - no `--enable-source-maps`: loading the map cost about as much again as
 *   the handler's own code. The map is still deployed beside the bundle, to
 *   map a logged stack offline.
 */

import { buildSync } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Packages of the Lambda runtime's own AWS SDK (found through NODE_PATH)
 * that a function loads only when it needs them: the clients behind
 * dynamic imports (master keys on first use, mail, live-chat pushes), the
 * credential providers other than the environment's, which Lambda never
 * reaches (the container and instance metadata ones included), and the
 * event-stream codec, which the SDK's protocols import only for operations
 * with event streams (DynamoDB has none). Bundled, the codec's CRC32 alone
 * loaded `node:zlib` at every cold start.
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
  '@smithy/credential-provider-imds',
  '@smithy/core/event-streams',
];

/**
 * Large packages the functions import only dynamically and only on some
 * requests or some functions' requests: nodemailer (SMTP only; AWS sends
 * through SES) and the WebAuthn library with its ASN.1 and X.509 parsers
 * (passkey ceremonies). Each is external to the function's bundle and
 * bundled on its own as `node_modules/<name>/index.js` beside it, where
 * the bundle's `import()` finds it on first use (`besideBundle`).
 */
export const BESIDE_BUNDLE = ['nodemailer', '@simplewebauthn/server'];

export const BUNDLING = {
  format: 'cjs',
  minify: true,
  sourceMap: true,
  /** Source maps without the sources: smaller, and enough to map a stack. */
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  bundleAwsSdk: true,
  externalModules: [...LAZY_FROM_RUNTIME, ...BESIDE_BUNDLE],
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

/** The `BESIDE_BUNDLE` packages a function's bundle loads: `import("name")` (minified code keeps the names). */
export const besidePackagesOf = (bundle: string): string[] => BESIDE_BUNDLE.filter((name) => bundle.includes(`("${name}")`));

const ROOT = join(import.meta.dirname, '..');
const besideBuilt = new Map<string, string>();

/**
 * The one-file bundle of a `BESIDE_BUNDLE` package (and its source map),
 * built once per process with the functions' options under node_modules/.cache.
 */
export function besideBundle(name: string): string {
  const built = besideBuilt.get(name);
  if (built) return built;
  const outfile = join(ROOT, 'node_modules', '.cache', 'parley-beside', name, 'index.js');
  mkdirSync(dirname(outfile), { recursive: true });
  const { outputFiles } = buildSync({
    ...esbuildOptions(),
    external: [],
    // The package itself as the entry: CommonJS output then annotates its named exports, which `import()` of it needs.
    entryPoints: [name],
    absWorkingDir: ROOT,
    outfile,
    write: false,
    logLevel: 'error',
  });
  // Written aside and renamed: synths and benchmarks running at once may share the folder.
  for (const file of outputFiles) {
    const aside = `${file.path}.${process.pid}`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
  besideBuilt.set(name, outfile);
  return outfile;
}

/**
 * Shell commands that put the `BESIDE_BUNDLE` packages a bundle requires
 * beside it (CDK's `afterBundling` hook runs them on the bundle's folder).
 */
export function besideCommands(outputDir: string): string[] {
  return BESIDE_BUNDLE.map((name) => {
    const target = `${outputDir}/node_modules/${name}`;
    const built = besideBundle(name);
    return `if grep -qF '("${name}")' '${outputDir}/index.js'; then mkdir -p '${target}' && cp '${built}' '${built}.map' '${target}/'; fi`;
  });
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
