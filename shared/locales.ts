/** Languages the widget speaks; every flow text may carry each of them (`ar` is laid out right to left). */
export const WIDGET_LOCALES = ['en', 'fi', 'sv', 'de', 'fr', 'es', 'ar'] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];
