// Locale handling for the whole platform: the locale comes from the URL ("/fa/..." is Persian, everything
// else English), strings come from one catalogue, numbers and dates are formatted for the locale
// (Persian digits, Solar Hijri dates with the Gregorian date beside them).
import { useLocation } from "@remix-run/react";
import { en, type MessageKey, type Messages } from "./messages/en";
import { fa } from "./messages/fa";
import { defaultLocale, isLocale, localeInfo, type Locale } from "./locales";

export { locales, localeInfo, isLocale, defaultLocale, type Locale } from "./locales";
export type { MessageKey };

const catalogues: Record<Locale, Messages> = { en, fa };

type Params<K extends MessageKey> = Messages[K] extends (p: infer P) => string ? [params: P] : [];

export function translate<K extends MessageKey>(locale: Locale, key: K, ...params: Params<K>): string {
  const message = catalogues[locale][key] as string | ((p: unknown) => string);
  return typeof message === "function" ? message(params[0]) : message;
}

/** For keys chosen at run time (error keys sent by the server): params are passed when the message takes them. */
export function translateKey(locale: Locale, key: MessageKey, params?: Record<string, unknown>): string {
  const message = catalogues[locale][key] as string | ((p: unknown) => string);
  return typeof message === "function" ? message(params ?? {}) : message;
}

export type Translate = <K extends MessageKey>(key: K, ...params: Params<K>) => string;

/** A translate function bound to one locale (for server code: emails, status pages). */
export function translator(locale: Locale): Translate {
  return (key, ...params) => translate(locale, key, ...params);
}

/** "/fa/petitions/x" → "fa"; anything else → "en". */
export function localeFromPath(pathname: string): Locale {
  const first = pathname.split("/")[1];
  return isLocale(first) && first !== defaultLocale ? first : defaultLocale;
}

/** The path without its locale prefix: "/fa/petitions/x" → "/petitions/x". */
export function stripLocale(pathname: string): string {
  const locale = localeFromPath(pathname);
  if (locale === defaultLocale) return pathname || "/";
  const rest = pathname.slice(locale.length + 1);
  return rest === "" ? "/" : rest;
}

/** A path in the given locale: localizePath("fa", "/petitions/x") → "/fa/petitions/x". */
export function localizePath(locale: Locale, path: string): string {
  const clean = stripLocale(path.startsWith("/") ? path : `/${path}`);
  if (locale === defaultLocale) return clean;
  return clean === "/" ? `/${locale}` : `/${locale}${clean}`;
}

// Making a formatter costs many times what formatting with it does (the outbox renders a number into every
// confirmation email): one per locale, made on first use.
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(localeInfo[locale].intl)));
  return format.format(value);
}

const gregorianMonthYear = (locale: Locale) =>
  new Intl.DateTimeFormat(localeInfo[locale].intl, { calendar: "gregory", year: "numeric", month: "long", timeZone: "UTC" });

/** Midnight UTC of an ISO date of any precision ("1988", "1988-12", "1988-12-30"); missing parts are the first. */
function utcDate(iso: string): Date {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

/**
 * Formats an ISO date of any precision ("1988", "1988-12", "1988-12-30"). Persian shows the Solar Hijri date
 * first when the day is known, with the Gregorian date in brackets, as Persian-language reporting does.
 */
export function formatIsoDate(locale: Locale, iso: string): string {
  const [, month, day] = iso.split("-").map(Number);
  const date = utcDate(iso);
  const intl = localeInfo[locale].intl;
  if (!month) {
    return new Intl.DateTimeFormat(intl, { calendar: "gregory", year: "numeric", timeZone: "UTC" }).format(date);
  }
  if (!day) return gregorianMonthYear(locale).format(date);
  const gregorian = new Intl.DateTimeFormat(intl, {
    calendar: "gregory",
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(date);
  if (locale !== "fa") return gregorian;
  const solar = new Intl.DateTimeFormat(intl, {
    calendar: "persian",
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(date);
  return `${solar} (${gregorian})`;
}

const dayShortFormats = new Map<Locale, Intl.DateTimeFormat>();

/**
 * A day without its year, for a chart's axis where the year is plain from the context: "3 Dec" in English,
 * "۱۲ آذر" (Solar Hijri) in Persian.
 */
export function formatDayShort(locale: Locale, iso: string): string {
  let format = dayShortFormats.get(locale);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      locale === "fa" ? { calendar: "persian", day: "numeric", month: "long", timeZone: "UTC" } : { calendar: "gregory", day: "numeric", month: "short", timeZone: "UTC" };
    dayShortFormats.set(locale, (format = new Intl.DateTimeFormat(localeInfo[locale].intl, options)));
  }
  return format.format(utcDate(iso));
}

/** The locale of the current page, from the URL (also on error pages, where route params are unknown). */
export function useLocale(): Locale {
  return localeFromPath(useLocation().pathname);
}

/** Everything a component needs to speak the reader's language. */
export function useI18n() {
  const locale = useLocale();
  return {
    locale,
    dir: localeInfo[locale].dir,
    t: translator(locale),
    tk: (key: MessageKey, params?: Record<string, unknown>) => translateKey(locale, key, params),
    n: (value: number) => formatNumber(locale, value),
    date: (iso: string) => formatIsoDate(locale, iso),
    href: (path: string) => localizePath(locale, path),
  };
}
