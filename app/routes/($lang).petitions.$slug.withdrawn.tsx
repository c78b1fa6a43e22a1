import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, translate, useI18n } from "~/i18n";
import { findPetition } from "~/petitions/petition.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const found = findPetition(db(), params.slug ?? "");
  if (!found) throw notFound();
  return json({ slug: found.petition.slug }, { headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "withdraw.done.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Withdrawn() {
  const { slug } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("withdraw.done.title")}</h1>
      <p className="lead">{t("withdraw.done.body")}</p>
      <p>
        <Link to={href(`/petitions/${slug}`)}>{t("checkEmail.back")}</Link>
      </p>
    </article>
  );
}
