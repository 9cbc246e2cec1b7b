import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const ROOT = import.meta.dirname;
process.env.NODE_ENV = 'production';

/** The owner dashboard, served at /dashboard (none of it is in parley.js). */
export default defineConfig({
  root: ROOT,
  base: '/dashboard/',
  logLevel: 'warn',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: resolve(ROOT, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { input: { main: resolve(ROOT, 'index.html'), preview: resolve(ROOT, 'preview.html') } },
  },
});
