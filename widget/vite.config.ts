import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { type Plugin, type UserConfig, build, defineConfig } from 'vite';

const ROOT = import.meta.dirname;

// Always a production build (no JSX dev runtime), even when a test run
// (NODE_ENV=test) builds it.
process.env.NODE_ENV = 'production';

/**
 * One IIFE per entry, no exports and so no global: `parley.js` (launcher,
 * tracker, transport; plain DOM) and `parley-chat.js` (the Preact panel),
 * which the first one loads on first open from its own URL.
 */
function iife(entry: string, fileName: string, emptyOutDir: boolean, jsx: boolean): UserConfig {
  return {
    root: ROOT,
    logLevel: 'warn',
    plugins: jsx ? [preact({ devToolsEnabled: false, prefreshEnabled: false, reactAliasesEnabled: false })] : [],
    build: {
      outDir: resolve(ROOT, 'dist'),
      emptyOutDir,
      target: 'es2022',
      sourcemap: false,
      copyPublicDir: false,
      // Schemas read each other's parts (`X.entries`); such reads have no
      // side effects, so unused schemas can go.
      rolldownOptions: { treeshake: { propertyReadSideEffects: false } },
      // No exports, so the name is never assigned: `window.Parley` is the only global.
      lib: { entry: resolve(ROOT, entry), formats: ['iife'], name: 'ParleyBundle', fileName: () => fileName },
    },
  };
}

/** Builds the lazily loaded chat panel after the launcher bundle. */
const chatBundle = (): Plugin => ({
  name: 'parley-chat-bundle',
  apply: 'build',
  async closeBundle() {
    await build({ configFile: false, ...iife('src/chat/entry.tsx', 'parley-chat.js', false, true) });
  },
});

const launcher = iife('src/loader.ts', 'parley.js', true, false);
export default defineConfig({ ...launcher, plugins: [chatBundle()] });
