import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startStack, type Stack } from '../../local/stack';

/** Connects to the run's shared Chromium (started once in test/setup/browser.ts). */
export async function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('chromiumWsEndpoint'));
}

/**
 * The product as `npm start` runs it (same stack: server, widget bundle,
 * demo page, dashboard), on a free port against the run's DynamoDB Local.
 */
export async function startProduct(): Promise<Stack> {
  return startStack({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName') });
}

/** A fresh browser context that collects page errors for assertions. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; pageErrors: Error[] }> {
  const context = await browser.newContext(options);
  const pageErrors: Error[] = [];
  context.on('weberror', (e) => pageErrors.push(e.error()));
  return { context, pageErrors };
}

/**
 * The product and the run's Chromium for one test file: started before its
 * tests (handed to `ready`), closed and stopped after them.
 */
export function useProduct(ready: (stack: Stack, browser: Browser) => void): void {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startProduct(), connectBrowser()]);
    ready(stack, browser);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
}
