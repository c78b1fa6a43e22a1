import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CampaignArticle, campaignMeta } from "~/campaigns/CampaignArticle";
import { loadCampaignPage } from "~/campaigns/campaign-page.server";
import { cacheHeaders } from "~/utils/headers";

export const loader = (args: LoaderFunctionArgs) => loadCampaignPage(args, { slug: args.params.slug ?? "" });
export const headers = cacheHeaders;
export const meta = campaignMeta;

export default function Campaign() {
  const { page } = useLoaderData<typeof loader>();
  return <CampaignArticle page={page} />;
}
