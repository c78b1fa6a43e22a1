// Every country's confirmed signatures for a petition (the petition page shows the ten with the most), with the
// same map, the same suppression of small counts, and the same short public caching as the petition page.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, translate, useI18n } from "~/i18n";
import { CountryTable } from "~/petitions/PetitionPage";
import { countsByCountry, findPetition, petitionText } from "~/petitions/petition.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";
import { pageMeta } from "~/utils/meta";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const config = env();
  const found = findPetition(db(), params.slug ?? "");
  const text = found ? petitionText(db(), found.petition.id, locale) : null;
  if (!found || !text) throw notFound();
  const threshold = config.publicCountThreshold;
  return json(
    { slug: found.petition.slug, title: text.value.title, threshold, countries: countsByCountry(db(), found.petition.id, locale, threshold) },
    { headers: publicPageHeaders(config.pageCacheSeconds) },
  );
}

export const headers = cacheHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  data
    ? pageMeta({
        matches,
        location,
        title: `${translate(localeFromPath(location.pathname), "countries.title")}: ${data.title}`,
        description: data.title,
        image: "/images/share/default.png",
      })
    : [];

export default function PetitionCountries() {
  const { slug, title, threshold, countries } = useLoaderData<typeof loader>();
  const { t, n, href } = useI18n();
  return (
    <article className="page country-counts">
      <p>
        <Link to={href(`/petitions/${slug}`)}>{title}</Link>
      </p>
      <h1>{t("countries.title")}</h1>
      <figure className="country-counts__map">
        <img src={href(`/petitions/${slug}/map.svg`)} alt={t("countries.mapAlt")} width={960} height={489} />
      </figure>
      <CountryTable countries={countries} threshold={threshold} caption={t("petition.countries.caption")} />
      {threshold > 1 ? <p className="section-note">{t("petition.countries.privacyNote", { n: n(threshold) })}</p> : null}
      <p>
        <Link to={href(`/petitions/${slug}`)}>{t("checkEmail.back")}</Link>
      </p>
    </article>
  );
}
