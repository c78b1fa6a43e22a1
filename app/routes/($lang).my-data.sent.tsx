import type { MetaFunction } from "@remix-run/node";
import { localeFromPath, translate, useI18n } from "~/i18n";

export const headers = () => ({ "Cache-Control": "no-store" });
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "rights.sent.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function MyDataSent() {
  const { t } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("rights.sent.title")}</h1>
      <p className="lead">{t("rights.sent.body")}</p>
    </article>
  );
}
