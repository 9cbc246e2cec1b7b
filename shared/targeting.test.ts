import { describe, expect, it } from 'vitest';
import { globMatch, targets, urlMatches, variantOf } from './targeting';

describe('URL rules', () => {
  it.each([
    ['exact', '/pricing', 'https://a.example/pricing', true],
    ['exact', '/pricing', 'https://a.example/pricing/', true],
    ['exact', '/pricing', 'https://a.example/', false],
    ['exact', '/pricing', 'https://a.example/pricing/team', false],
    ['exact', 'https://a.example/pricing', 'https://a.example/pricing', true],
    ['contains', 'pric', 'https://a.example/pricing?x=1', true],
    ['contains', 'blog', 'https://a.example/pricing', false],
    ['glob', '/blog/*', 'https://a.example/blog/a/b', true],
    ['glob', '/blog/*', 'https://a.example/blogs', false],
    ['glob', '/p?icing', 'https://a.example/pricing', true],
    ['glob', '*.pdf', 'https://a.example/x/y.pdf', true],
    ['glob', '/(a|b)', 'https://a.example/a', false],
  ] as const)('%s %j on %s: %s', (match, value, href, expected) => {
    expect(urlMatches({ match, value }, href)).toBe(expected);
  });

  it('globs are linear: a hostile pattern finishes at once', () => {
    const start = performance.now();
    expect(globMatch(`${'*a'.repeat(50)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('targeting', () => {
  const visit = { href: 'https://a.example/pricing?utm_source=News&utm_campaign=spring', locale: 'fi', returning: false };
  it('needs every part it names', () => {
    expect(targets({}, visit)).toBe(true);
    expect(
      targets(
        {
          urls: [
            { match: 'exact', value: '/' },
            { match: 'exact', value: '/pricing' },
          ],
        },
        visit,
      ),
    ).toBe(true);
    expect(targets({ urls: [{ match: 'exact', value: '/' }] }, visit)).toBe(false);
    expect(targets({ utm: { source: 'news' } }, visit)).toBe(true);
    expect(targets({ utm: { source: 'news', medium: 'email' } }, visit)).toBe(false);
    expect(targets({ languages: ['fi', 'sv'] }, visit)).toBe(true);
    expect(targets({ languages: ['de'] }, visit)).toBe(false);
    expect(targets({ visitors: 'new' }, visit)).toBe(true);
    expect(targets({ visitors: 'returning' }, visit)).toBe(false);
    expect(targets({ visitors: 'returning' }, { ...visit, returning: true })).toBe(true);
  });
});

describe('A/B variants', () => {
  it('splits 10,000 visitors within ±3 % of 50/50, the same visitor always alike', () => {
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i++) counts[variantOf(`v_${i.toString(36)}`, 'exp_pricing', 2)]! += 1;
    expect(Math.abs(counts[0]! - 5000)).toBeLessThanOrEqual(300);
    expect(variantOf('v_abc', 'exp_pricing', 2)).toBe(variantOf('v_abc', 'exp_pricing', 2));
    // Another experiment reshuffles: not everyone lands in the same arm again.
    let same = 0;
    for (let i = 0; i < 1000; i++) same += Number(variantOf(`v_${i}`, 'a', 2) === variantOf(`v_${i}`, 'b', 2));
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});
