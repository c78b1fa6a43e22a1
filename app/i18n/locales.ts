// The languages of the platform. English is the fallback for missing translations.
export const locales = ["en", "fa"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

export const localeInfo: Record<Locale, { dir: "ltr" | "rtl"; name: string; intl: string }> = {
  en: { dir: "ltr", name: "English", intl: "en-GB" },
  fa: { dir: "rtl", name: "فارسی", intl: "fa-IR" },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
