// Shown after a signature is confirmed: thanks, ways to share, and the invitation to write a letter.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ShareLinks } from "~/components/ShareLinks";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { findPetition, petitionText } from "~/petitions/petition.server";
import type { RouteHandle } from "~/root";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";

export const handle: RouteHandle = { hydrate: true };

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = findPetition(db(), params.slug ?? "");
  if (!found) throw notFound();
  const title = petitionText(db(), found.petition.id, locale)?.value.title ?? "";
  return json(
    {
      title,
      slug: found.petition.slug,
      campaignSlug: found.campaign.slug,
      petitionUrl: env().publicUrl + localizePath(locale, `/petitions/${found.petition.slug}`),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "thanks.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Thanks() {
  const { title, slug, campaignSlug, petitionUrl } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("thanks.title")}</h1>
      <p className="lead">{t("thanks.body", { title })}</p>
      <section aria-labelledby="share-heading">
        <h2 id="share-heading">{t("thanks.share.heading")}</h2>
        <ShareLinks url={petitionUrl} text={t("thanks.share.text", { title })} subject={title} />
      </section>
      <section aria-labelledby="write-heading">
        <h2 id="write-heading">{t("thanks.write.heading")}</h2>
        <p>{t("thanks.write.body")}</p>
        <p>
          <Link className="button button--primary" to={href(`/campaigns/${campaignSlug}/letters`)}>
            {t("campaign.write")}
          </Link>
        </p>
      </section>
      <p>
        <Link to={href(`/petitions/${slug}`)}>{t("checkEmail.back")}</Link>
      </p>
    </article>
  );
}
