// The privacy notice, built from the settings the platform runs with (retention, public thresholds), so
// that it cannot drift from what the code does.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, translate, useI18n } from "~/i18n";
import { confirmationValidDays } from "~/petitions/signing.server";
import { env } from "~/utils/env.server";
import { cacheHeaders } from "~/utils/headers";
import { publicPageHeaders, requireLocale } from "~/utils/http.server";
import { pageMeta } from "~/utils/meta";

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const config = env();
  return json(
    {
      threshold: config.publicCountThreshold,
      pendingDays: confirmationValidDays,
      signaturesDays: config.retention.signaturesAfterCloseDays,
      lettersDays: config.retention.letterBodyDays,
      ipDays: config.retention.ipHashDays,
    },
    { headers: publicPageHeaders(config.pageCacheSeconds) },
  );
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location, matches }) => {
  const locale = localeFromPath(location.pathname);
  return pageMeta({ matches, location, title: translate(locale, "privacy.notice.title"), description: translate(locale, "privacy.notice.intro") });
};

export default function Privacy() {
  const s = useLoaderData<typeof loader>();
  const { t, n, href } = useI18n();
  return (
    <article className="page page--narrow privacy-notice">
      <h1>{t("privacy.notice.title")}</h1>
      <p className="lead">{t("privacy.notice.intro")}</p>
      <h2>{t("privacy.notice.collect")}</h2>
      <p>{t("privacy.notice.collect.signature")}</p>
      <p>{t("privacy.notice.collect.letter")}</p>
      <p>{t("privacy.notice.collect.technical")}</p>
      <h2>{t("privacy.notice.who")}</h2>
      <ul>
        <li>{t("privacy.notice.who.public", { threshold: n(s.threshold) })}</li>
        <li>{t("privacy.notice.who.staff")}</li>
        <li>{t("privacy.notice.who.un")}</li>
        <li>{t("privacy.notice.who.missions")}</li>
      </ul>
      <h2>{t("privacy.notice.keep")}</h2>
      <ul>
        <li>{t("privacy.notice.keep.pending", { days: n(s.pendingDays) })}</li>
        <li>{t("privacy.notice.keep.signatures", { days: n(s.signaturesDays) })}</li>
        <li>{t("privacy.notice.keep.letters", { days: n(s.lettersDays) })}</li>
        <li>{t("privacy.notice.keep.ip", { days: n(s.ipDays) })}</li>
      </ul>
      <h2>{t("privacy.notice.protect")}</h2>
      <ul>
        <li>{t("privacy.notice.protect.encryption")}</li>
        <li>{t("privacy.notice.protect.thirdParties")}</li>
        <li>{t("privacy.notice.protect.logs")}</li>
        <li>{t("privacy.notice.protect.discreet")}</li>
      </ul>
      <h2>{t("privacy.notice.rights")}</h2>
      <p>{t("privacy.notice.rights.body")}</p>
      <p>
        <Link to={href("/my-data")}>{t("privacy.notice.rights.link")}</Link>
      </p>
    </article>
  );
}
