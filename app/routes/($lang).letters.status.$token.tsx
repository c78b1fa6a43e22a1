// A writer's view of their letters: each recipient and where its letter stands.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, localeInfo, translate, useI18n, type MessageKey } from "~/i18n";
import { letterStatusPage } from "~/letters/letters.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = letterStatusPage(db(), params.token ?? "", locale);
  return json({ found }, { status: found ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "letters.status.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function LetterStatus() {
  const { found } = useLoaderData<typeof loader>();
  const { t, tk, href, locale } = useI18n();
  if (!found) {
    return (
      <article className="page page--narrow status-page">
        <h1>{t("letters.status.title")}</h1>
        <p>{t("letters.status.invalid")}</p>
      </article>
    );
  }
  const time = new Intl.DateTimeFormat(localeInfo[locale].intl, { dateStyle: "medium", timeStyle: "short" });
  return (
    <article className="page page--narrow status-page">
      <h1>{t("letters.status.title")}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("letters.status.recipient")}</th>
            <th scope="col">{t("letters.status.state")}</th>
            <th scope="col">{t("letters.status.delivered")}</th>
          </tr>
        </thead>
        <tbody>
          {found.letters.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.recipient}</th>
              <td className={`letter-status letter-status--${l.status}`}>{tk(`letters.status.${l.status}` as MessageKey)}</td>
              <td>{l.sentAt ? time.format(new Date(l.sentAt)) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {found.letters.some((l) => l.status === "failed") ? <p className="notice">{t("letters.status.failedNote")}</p> : null}
      <p>
        <Link to={href(`/campaigns/${found.campaignSlug}`)}>{t("error.backHome")}</Link>
      </p>
    </article>
  );
}
