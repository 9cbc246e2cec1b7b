import { resolve } from 'node:path';
import { minify } from 'terser';
import { type Plugin, type UserConfig, build, defineConfig } from 'vite';

const ROOT = import.meta.dirname;

// Always a production build (no JSX dev runtime), even when a test run
// (NODE_ENV=test) builds it.
process.env.NODE_ENV = 'production';

const LOCALES = ['en', 'fi', 'sv', 'de', 'fr', 'es', 'ar'] as const;

/**
 * One IIFE per entry, no exports and so no global: `parley.js` (launcher,
 * tracker, transport; plain DOM) and the chat panel (plain DOM), which the first one
 * loads on first open from its own URL: `parley-chat.js` in English,
 * `parley-chat.fi.js` and `parley-chat.de.js`, each with only its own texts;
 * and `parley-live.js`, the live chat connection.
 */
function iife(entry: string, fileName: string, emptyOutDir: boolean, plugins: Plugin[] = []): UserConfig {
  return {
    root: ROOT,
    logLevel: 'warn',
    plugins: [...plugins, terse()],
    build: {
      outDir: resolve(ROOT, 'dist'),
      emptyOutDir,
      target: 'es2022',
      sourcemap: false,
      // Minified by `terse()` below, once the IIFE is whole.
      minify: false,
      copyPublicDir: false,
      // Schemas read each other's parts (`X.entries`); such reads have no
      // side effects, so unused schemas can go.
      rolldownOptions: { treeshake: { propertyReadSideEffects: false } },
      // No exports, so the name is never assigned: `window.Parley` is the only global.
      lib: { entry: resolve(ROOT, entry), formats: ['iife'], name: 'ParleyBundle', fileName: () => fileName },
    },
  };
}

/**
 * Names of the properties the bundles pass each other (the launcher's host,
 * store and outbox) or keep to themselves: shortened alike in every bundle
 * through one name cache, as Preact does with its own. Never a name that
 * is also a key of JSON sent or received, of stored state, of a
 * `Parley(cmd)` command or of the DOM (`site`, `locale`, `open`, `send`,
 * `host`, `lang`, ...).
 */
const INTERNAL = [
  // ChatHost
  ...['config', 'live', 'want', 'engage', 'engaged', 'store', 'net', 'newId', 'identified', 'askAnalytics', 'shell', 'adopt'],
  // Store, Outbox
  ...['state', 'allowed', 'allow', 'save', 'notify', 'subscribe', 'clear', 'offline', 'heard', 'pump', 'flushOnHide', 'request', 'outcome', 'chat'],
  // Shell, TagOptions (not `api` nor `preview`: `dataset.api`, `dataset.preview`)
  ...['host', 'frame', 'launcher', 'paint', 'setOpen', 'base', 'consentRequired'],
];
const NAME_CACHE = {};

/** Terser over each whole bundle: a few passes, and the internal property names shortened. */
const terse = (): Plugin => ({
  name: 'parley-terser',
  async generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = await terseCode(chunk.code);
  },
});

async function terseCode(code: string): Promise<string> {
  const out = await minify(code, {
    ecma: 2022,
    nameCache: NAME_CACHE,
    compress: { passes: 3, negate_iife: false },
    // Chrome compiles every function while the script streams in, off the main
    // thread, rather than each on its first call (V8's explicit compile hints).
    format: { preamble: '//# allFunctionsCalledOnLoad' },
    mangle: { properties: { regex: new RegExp(`^(${INTERNAL.join('|')})$`), builtins: true } },
  });
  return out.code ?? code;
}

const TEXTS_MODULE = resolve(ROOT, 'src/chat/texts.ts');

/** Replaces the table of every locale's texts with one locale's. */
const oneLocale = (locale: string): Plugin => ({
  name: 'parley-one-locale',
  enforce: 'pre',
  async resolveId(source, importer) {
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    return resolved?.id === TEXTS_MODULE ? '\0parley-texts' : undefined;
  },
  load(id) {
    if (id !== '\0parley-texts') return undefined;
    const only = JSON.stringify(resolve(ROOT, `src/chat/locales/${locale}.ts`));
    return `import t from ${only}; export const TEXTS = { ${LOCALES.map((l) => `${l}: t`).join(', ')} };`;
  },
});

/**
 * Builds the lazily loaded bundles after the launcher: the chat panel, once
 * per locale (plain DOM), and `parley-live.js` (loaded once a conversation
 * exists).
 */
const chatBundles = (): Plugin => ({
  name: 'parley-chat-bundle',
  apply: 'build',
  async closeBundle() {
    await build({ configFile: false, ...iife('src/live-entry.ts', 'parley-live.js', false) });
    for (const locale of LOCALES) {
      const fileName = locale === 'en' ? 'parley-chat.js' : `parley-chat.${locale}.js`;
      await build({
        configFile: false,
        ...iife('src/chat/entry.ts', fileName, false, [oneLocale(locale)]),
      });
    }
  },
});

const launcher = iife('src/loader.ts', 'parley.js', true);
export default defineConfig({ ...launcher, plugins: [...(launcher.plugins ?? []), chatBundles()] });
