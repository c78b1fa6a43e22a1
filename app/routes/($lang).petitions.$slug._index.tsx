import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PetitionView } from "~/petitions/PetitionPage";
import { getPetitionPage } from "~/petitions/petition.server";
import { signAction } from "~/petitions/sign-action.server";
import { confirmationValidDays } from "~/petitions/signing.server";
import type { RouteHandle } from "~/root";
import { countryOptions } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";
import { pageMeta } from "~/utils/meta";

export const handle: RouteHandle = { hydrate: true };

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const config = env();
  const page = getPetitionPage(db(), params.slug ?? "", locale, config.publicCountThreshold);
  if (!page) throw notFound();
  return json(
    { page, countries: countryOptions(db(), locale), retention: { months: Math.round(config.retention.signaturesAfterCloseDays / 30.5), days: confirmationValidDays } },
    { headers: publicPageHeaders(config.pageCacheSeconds) },
  );
}

export const action = (args: ActionFunctionArgs) => signAction(args);

export const headers = cacheHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  data
    ? pageMeta({
        matches,
        location,
        title: data.page.title,
        description: data.page.addressee,
        image: data.page.shareImage ?? "/images/share/default.png",
      })
    : [];

export default function PetitionRoute() {
  const { page, countries, retention } = useLoaderData<typeof loader>();
  return <PetitionView page={page} countries={countries} retention={retention} />;
}
