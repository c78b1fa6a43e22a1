// Choosing the reader's translation of a piece of content, or the English one as a visible fallback.
import { defaultLocale, type Locale } from "../i18n/locales";

/** A translated value with the language it is actually in. */
export interface Localized<T> {
  value: T;
  locale: Locale;
  fallback: boolean;
}

export function pickTranslation<T extends { locale: Locale }>(rows: T[], locale: Locale): Localized<T> | null {
  const exact = rows.find((r) => r.locale === locale);
  if (exact) return { value: exact, locale, fallback: false };
  const english = rows.find((r) => r.locale === defaultLocale);
  return english ? { value: english, locale: defaultLocale, fallback: true } : null;
}

/** The locales to read: the reader's and the fallback. */
export function localesFor(locale: Locale): Locale[] {
  return [...new Set([locale, defaultLocale])];
}

export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
