// Small helpers for route modules.
import { redirect } from "@remix-run/node";
import { defaultLocale, isLocale, type Locale } from "../i18n/locales";

/**
 * The locale named by the route's optional ($lang) segment. Anything that is not a known locale is a 404;
 * "/en/..." redirects to the canonical unprefixed English address.
 */
export function requireLocale(params: { lang?: string }, request: Request): Locale {
  const { lang } = params;
  if (lang === undefined) return defaultLocale;
  if (lang === defaultLocale) {
    const url = new URL(request.url);
    const rest = url.pathname.slice(lang.length + 1) || "/";
    throw redirect(rest + url.search, 301);
  }
  if (!isLocale(lang)) throw notFound();
  return lang;
}

export function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
}

/** Public pages identical for every reader: any shared cache (ours, a CDN) may keep them briefly. */
export function publicPageHeaders(seconds: number): HeadersInit {
  return { "Cache-Control": `public, max-age=0, s-maxage=${seconds}, must-revalidate` };
}

export const noStoreHeaders: HeadersInit = { "Cache-Control": "no-store" };
