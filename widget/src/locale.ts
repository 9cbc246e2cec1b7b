import { WIDGET_LOCALES, type WidgetLocale } from '../../shared/locales';

export type Locale = WidgetLocale;

/**
 * The widget's language: the tag's `data-lang`, else the tenant's fixed
 * locale, else the page's `<html lang>`, else the first browser language
 * Parley speaks, else English.
 */
export function resolveLocale(tagLang: string, configured: string, htmlLang: string, languages: readonly string[]): Locale {
  for (const lang of [tagLang, configured === 'auto' ? '' : configured, htmlLang, ...languages]) {
    const base = lang.slice(0, 2).toLowerCase() as Locale;
    if (WIDGET_LOCALES.includes(base)) return base;
  }
  return 'en';
}
