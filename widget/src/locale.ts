import type { WidgetLocale } from '../../shared/locales';

export type Locale = WidgetLocale;

/** The launcher's label in each language Parley speaks (`WIDGET_LOCALES`); once the panel shows, it labels the launcher ("Close chat"). */
export const LABELS: Record<Locale, string> = {
  en: 'Open chat',
  fi: 'Avaa chat',
  sv: 'Öppna chatten',
  de: 'Chat öffnen',
  fr: 'Ouvrir le chat',
  es: 'Abrir chat',
  ar: 'فتح المحادثة',
};

/**
 * The widget's language: the tag's `data-lang`, else the tenant's fixed
 * locale, else the page's `<html lang>`, else the first browser language
 * Parley speaks, else English.
 */
export function resolveLocale(tagLang: string, configured: string, htmlLang: string, languages: readonly string[]): Locale {
  for (const lang of [tagLang, configured === 'auto' ? '' : configured, htmlLang, ...languages]) {
    const base = lang.slice(0, 2).toLowerCase() as Locale;
    if (LABELS[base]) return base;
  }
  return 'en';
}
