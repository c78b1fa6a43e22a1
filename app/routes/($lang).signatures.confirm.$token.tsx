// The link in the confirmation email. Opening it (GET) only shows a button: mail scanners that fetch links
// confirm nothing. Pressing the button (POST) confirms, once.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { confirmationValidDays, inspectConfirmToken, recordConfirmation } from "~/petitions/signing.server";
import { db } from "~/utils/db.server";
import { commitGrouped } from "~/utils/group-commit.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = inspectConfirmToken(db(), params.token ?? "", locale);
  return json({ found, days: confirmationValidDays }, { status: found ? 200 : 404, headers: noStore });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const database = db();
  const result = await commitGrouped(database, () => recordConfirmation(database, params.token ?? ""));
  logger().info({ outcome: result.status }, "signature confirmation");
  if (result.status === "confirmed") {
    return redirect(localizePath(locale, `/petitions/${result.petitionSlug}/thanks`), { status: 303, headers: noStore });
  }
  return json({ found: null, days: confirmationValidDays }, { status: 404, headers: noStore });
}

export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "confirm.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function ConfirmSignature() {
  const { found, days } = useLoaderData<typeof loader>();
  const { t, n } = useI18n();
  if (!found) {
    return (
      <article className="page page--narrow status-page">
        <h1>{t("confirm.invalid.title")}</h1>
        <p>{t("confirm.invalid.body", { days: n(days) })}</p>
      </article>
    );
  }
  return (
    <article className="page page--narrow status-page">
      <h1>{t("confirm.title")}</h1>
      <p className="lead">{t("confirm.body", { title: found.petitionTitle })}</p>
      <Form method="post">
        <button type="submit" className="button button--primary">
          {t("confirm.button")}
        </button>
      </Form>
    </article>
  );
}
