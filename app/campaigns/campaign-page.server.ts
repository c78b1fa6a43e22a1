import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";
import { getCampaignPage, type CampaignRef } from "./campaign.server";

/** Loader shared by "/" (the featured campaign) and "/campaigns/:slug". */
export function loadCampaignPage({ params, request }: LoaderFunctionArgs, ref: CampaignRef) {
  const locale = requireLocale(params, request);
  const page = getCampaignPage(db(), ref, locale);
  if (!page) throw notFound();
  return json({ page }, { headers: publicPageHeaders(env().pageCacheSeconds) });
}
