// Document metadata shared by public pages: title, description, canonical URL, language alternates
// (hreflang), and Open Graph / Twitter cards pointing at a self-hosted image.
import type { MetaDescriptor } from "@remix-run/node";
import { localeFromPath, localeInfo, locales, localizePath, stripLocale, translate } from "~/i18n";

interface PageMetaArgs {
  matches: { id: string; data: unknown }[];
  location: { pathname: string };
  title: string;
  description: string;
  /** A path under public/. */
  image?: string;
  imageAlt?: string;
  type?: "website" | "article";
  noindex?: boolean;
}

export function publicUrlFrom(matches: PageMetaArgs["matches"]): string {
  const root = matches.find((m) => m.id === "root")?.data as { publicUrl?: string } | undefined;
  return root?.publicUrl ?? "";
}

export function pageMeta({ matches, location, title, description, image, imageAlt, type = "website", noindex }: PageMetaArgs): MetaDescriptor[] {
  const base = publicUrlFrom(matches);
  const locale = localeFromPath(location.pathname);
  const path = stripLocale(location.pathname);
  const siteName = translate(locale, "site.name");
  const tags: MetaDescriptor[] = [
    { title: `${title} · ${siteName}` },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: base + localizePath(locale, path) },
    ...locales.map((l) => ({ tagName: "link", rel: "alternate", hrefLang: l, href: base + localizePath(l, path) })),
    { tagName: "link", rel: "alternate", hrefLang: "x-default", href: base + localizePath("en", path) },
    { property: "og:site_name", content: siteName },
    { property: "og:type", content: type },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: base + localizePath(locale, path) },
    { property: "og:locale", content: localeInfo[locale].intl.replace("-", "_") },
    ...locales.filter((l) => l !== locale).map((l) => ({ property: "og:locale:alternate", content: localeInfo[l].intl.replace("-", "_") })),
    { name: "twitter:card", content: image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
  ];
  if (image) {
    tags.push(
      { property: "og:image", content: base + image },
      { property: "og:image:width", content: "1200" },
      { property: "og:image:height", content: "630" },
      { property: "og:image:alt", content: imageAlt ?? title },
      { name: "twitter:image", content: base + image },
      { name: "twitter:image:alt", content: imageAlt ?? title },
    );
  }
  if (noindex) tags.push({ name: "robots", content: "noindex" });
  return tags;
}
