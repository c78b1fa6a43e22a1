import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { findCampaign } from "~/campaigns/campaign.server";
import { localeFromPath, translate, useI18n } from "~/i18n";
import { confirmationValidDays } from "~/letters/letters.server";
import { mailboxEnabled } from "~/mail/mailbox.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const campaign = findCampaign(db(), { slug: params.slug ?? "" });
  if (!campaign) throw notFound();
  return json({ slug: campaign.slug, days: confirmationValidDays, mailbox: mailboxEnabled() }, { headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "letters.checkEmail.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function LettersCheckEmail() {
  const { slug, days, mailbox } = useLoaderData<typeof loader>();
  const { t, n, href } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("letters.checkEmail.title")}</h1>
      <p className="lead">{t("letters.checkEmail.body", { days: n(days) })}</p>
      <p>{t("checkEmail.tips")}</p>
      {mailbox ? (
        <p className="notice">
          {t("mailbox.note")} <Link to={href("/mailbox")}>{t("mailbox.title")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={href(`/campaigns/${slug}`)}>{t("error.backHome")}</Link>
      </p>
    </article>
  );
}
