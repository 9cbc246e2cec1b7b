import { chromium, type BrowserServer } from 'playwright-core';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildBundle } from '../../local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Playwright endpoint of the run's one Chromium; empty if none is installed. */
    chromiumWsEndpoint: string;
  }
}

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** Starts Debian's Chromium once for the whole run; browser tests connect to it. */
export default async function setup(project: TestProject) {
  // For quick runs of server-only tests while working: PARLEY_TEST_NO_BROWSER=1.
  if (process.env.PARLEY_TEST_NO_BROWSER === '1') {
    project.provide('chromiumWsEndpoint', '');
    return;
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``);
  }
  // Browser tests run against bundles built from the current source, once per run.
  buildBundle('widget/vite.config.ts');
  buildBundle('dashboard/vite.config.ts');
  const server: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
