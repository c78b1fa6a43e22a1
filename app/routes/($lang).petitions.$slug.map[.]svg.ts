// The petition's world map as an SVG image (referenced by <img> on the petition page), cached like the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n";
import { countMapSvg } from "~/maps/count-map.server";
import { countsByCountry, findPetition } from "~/petitions/petition.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = findPetition(db(), params.slug ?? "");
  if (!found) throw notFound();
  const config = env();
  const counts = countsByCountry(db(), found.petition.id, locale, config.publicCountThreshold);
  const svg = countMapSvg(db(), locale, counts, config.publicCountThreshold, translate(locale, "petition.countries.mapTitle"));
  return new Response(svg, {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", ...publicPageHeaders(config.pageCacheSeconds) },
  });
}
