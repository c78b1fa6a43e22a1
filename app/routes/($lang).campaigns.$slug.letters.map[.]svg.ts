// Letters delivered per member state, as an SVG map (cached like the page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findCampaign } from "~/campaigns/campaign.server";
import { translate } from "~/i18n";
import { letterCountsByState } from "~/letters/letters.server";
import { countMapSvg } from "~/maps/count-map.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const campaign = findCampaign(db(), { slug: params.slug ?? "" });
  if (!campaign) throw notFound();
  const config = env();
  const { states } = letterCountsByState(db(), campaign.id, locale, config.publicCountThreshold);
  const svg = countMapSvg(db(), locale, states, config.publicCountThreshold, translate(locale, "letters.figures.mapTitle"));
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", ...publicPageHeaders(config.pageCacheSeconds) } });
}
