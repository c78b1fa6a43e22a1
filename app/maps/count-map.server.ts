// Public maps of counts by country (signatures, letters), with small counts suppressed the same way as in
// tables and JSON: a country below the threshold is coloured but never numbered.
import { formatNumber, localeInfo, translate, type Locale } from "../i18n";
import { allCountries } from "../utils/countries.server";
import type { Db } from "../utils/db.server";
import { renderWorldMapSvg, type MapBucket } from "./world-map.server";

const fills = ["#f2c9c4", "#d9847a", "#b03a2e", "#6e1a14"];

/** Legend buckets: below the threshold (if any), then decades above it, at most four. */
export function mapBuckets(locale: Locale, threshold: number): MapBucket[] {
  const n = (v: number) => formatNumber(locale, v);
  const bounds = [1, ...[threshold, 10, 100, 1000, 10000].filter((b, i, all) => b > 1 && all.indexOf(b) === i && b >= threshold)]
    .sort((a, b) => a - b)
    .slice(0, 4);
  return bounds.map((min, i) => {
    const next = bounds[i + 1];
    let label: string;
    if (i === 0 && threshold > 1) label = translate(locale, "petition.countries.fewerThan", { n: n(threshold) });
    else if (next === undefined) label = translate(locale, "petition.legend.atLeast", { from: n(min) });
    else if (next - 1 === min) label = n(min);
    else label = translate(locale, "petition.legend.between", { from: n(min), to: n(next - 1) });
    return { min, label, fill: fills[i]! };
  });
}

export function countMapSvg(db: Db, locale: Locale, counts: { code: string; count: number | null }[], threshold: number, title: string) {
  const names = locale === "fa" ? "nameFa" : "nameEn";
  return renderWorldMapSvg({
    countries: allCountries(db).map((c) => ({ code: c.code, numeric: c.numeric, name: c[names] })),
    counts: new Map(counts.map((c) => [c.code, c.count === null ? "suppressed" : c.count])),
    buckets: mapBuckets(locale, threshold),
    title,
    description: translate(locale, "petition.countries.mapAlt"),
    dir: localeInfo[locale].dir,
    formatCount: (v) => formatNumber(locale, v),
    suppressedLabel: translate(locale, "petition.countries.fewerThan", { n: formatNumber(locale, threshold) }),
    fontFamily: locale === "fa" ? "Vazirmatn, Tahoma, 'Segoe UI', sans-serif" : "system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
  });
}
