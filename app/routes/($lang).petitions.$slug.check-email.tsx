// After every submission of the sign form, whatever happened behind it: the page never reveals whether an
// address had signed before.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n";
import { findPetition } from "~/petitions/petition.server";
import { confirmationValidDays } from "~/petitions/signing.server";
import { mailboxEnabled } from "~/mail/mailbox.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";
import { translate, localeFromPath } from "~/i18n";

export function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const found = findPetition(db(), params.slug ?? "");
  if (!found) throw notFound();
  return json({ slug: found.petition.slug, days: confirmationValidDays, mailbox: mailboxEnabled() }, { headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "checkEmail.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function CheckEmail() {
  const { slug, days, mailbox } = useLoaderData<typeof loader>();
  const { t, n, href } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("checkEmail.title")}</h1>
      <p className="lead">{t("checkEmail.body", { days: n(days) })}</p>
      <p>{t("checkEmail.tips")}</p>
      {mailbox ? (
        <p className="notice">
          {t("mailbox.note")} <Link to={href("/mailbox")}>{t("mailbox.title")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={href(`/petitions/${slug}`)}>{t("checkEmail.back")}</Link>
      </p>
    </article>
  );
}
