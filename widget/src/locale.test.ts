import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locale';

describe("the widget's language", () => {
  it.each([
    ['fi', 'auto', 'de', ['sv-SE'], 'fi'],
    ['', 'auto', 'de-AT', ['sv-SE'], 'de'],
    ['', 'auto', '', ['pt-BR', 'sv-SE'], 'sv'],
    ['', 'fr', 'de', ['sv'], 'fr'],
    ['xx', 'auto', 'ar', [], 'ar'],
    ['', 'auto', '', ['pt'], 'en'],
  ] as const)('data-lang %j, tenant %j, <html lang> %j, browser %j → %s', (tag, tenant, html, browser, expected) => {
    expect(resolveLocale(tag, tenant, html, browser)).toBe(expected);
  });
});
