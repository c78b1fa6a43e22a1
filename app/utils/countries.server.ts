// Country names and lists in the reader's language. Reference data changes only when the seed runs (at
// start), so the lists are built once per process and language.
import type { Locale } from "../i18n/locales";
import { localeInfo } from "../i18n/locales";
import type { Db } from "./db.server";
import { schema } from "./db.server";

export interface CountryOption {
  code: string;
  name: string;
}

interface CountryCache {
  db: Db;
  all: (typeof schema.countries.$inferSelect)[];
  names: Record<Locale, Map<string, string>>;
  options: Partial<Record<Locale, CountryOption[]>>;
}

let cache: CountryCache | null = null;

function load(db: Db): CountryCache {
  if (cache && cache.db === db) return cache;
  const all = db.select().from(schema.countries).all();
  cache = {
    db,
    all,
    names: {
      en: new Map(all.map((c) => [c.code, c.nameEn])),
      fa: new Map(all.map((c) => [c.code, c.nameFa])),
    },
    options: {},
  };
  return cache;
}

export function allCountries(db: Db) {
  return load(db).all;
}

export function countryNames(db: Db, locale: Locale): Map<string, string> {
  return load(db).names[locale];
}

/** Every country and territory, sorted by name in the reader's language. */
export function countryOptions(db: Db, locale: Locale): CountryOption[] {
  const c = load(db);
  if (!c.options[locale]) {
    const collator = new Intl.Collator(localeInfo[locale].intl);
    c.options[locale] = [...c.names[locale].entries()].map(([code, name]) => ({ code, name })).sort((a, b) => collator.compare(a.name, b.name));
  }
  return c.options[locale]!;
}

export function isCountryCode(db: Db, code: string): boolean {
  return load(db).names.en.has(code);
}
