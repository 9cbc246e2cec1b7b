export type Locale = 'en' | 'fi' | 'de';

/** The tenant's locale, or else the first browser language Parley speaks, or English. */
export function resolveLocale(configured: string, languages: readonly string[]): Locale {
  for (const lang of configured === 'auto' ? languages : [configured]) {
    const base = lang.slice(0, 2).toLowerCase();
    if (base === 'en' || base === 'fi' || base === 'de') return base;
  }
  return 'en';
}
