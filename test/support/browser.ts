import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { inject } from 'vitest';
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
