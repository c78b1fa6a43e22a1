// The link in a letter writer's confirmation email: GET shows the letters and a button; POST queues them,
// and remembers for an hour (a cookie bound to this browser) that this address was confirmed here.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { verifiedCookie } from "~/letters/letters-page.server";
import { confirmationValidDays, confirmLetters, inspectLetterConfirmation, rememberVerifiedBrowser } from "~/letters/letters.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = inspectLetterConfirmation(db(), params.token ?? "", locale);
  return json({ found, days: confirmationValidDays }, { status: found ? 200 : 404, headers: noStore });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const result = confirmLetters(db(), params.token ?? "");
  logger().info({ outcome: result.status }, "letters confirmation");
  if (result.status !== "confirmed") return json({ found: null, days: confirmationValidDays }, { status: 404, headers: noStore });
  const browserToken = rememberVerifiedBrowser(db(), result.emailHash);
  return redirect(localizePath(locale, `/letters/status/${result.statusToken}`), {
    status: 303,
    headers: { ...noStore, "Set-Cookie": await verifiedCookie().serialize(browserToken) },
  });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "letters.confirm.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function ConfirmLetters() {
  const { found, days } = useLoaderData<typeof loader>();
  const { t, n } = useI18n();
  if (!found) {
    return (
      <article className="page page--narrow status-page">
        <h1>{t("letters.confirm.invalid.title")}</h1>
        <p>{t("letters.confirm.invalid.body", { days: n(days) })}</p>
      </article>
    );
  }
  return (
    <article className="page page--narrow status-page">
      <h1>{t("letters.confirm.title")}</h1>
      <p className="lead">{t("letters.confirm.body")}</p>
      <ul>
        {found.letters.map((l, i) => (
          <li key={i}>{l.recipient}</li>
        ))}
      </ul>
      <Form method="post">
        <button type="submit" className="button button--primary">
          {t("letters.confirm.button")}
        </button>
      </Form>
    </article>
  );
}
