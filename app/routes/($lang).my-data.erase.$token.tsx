// The erasure link: GET explains what will be erased, POST erases.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { eraseData, erasureIsValid, erasureValidDays } from "~/privacy/rights.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const done = new URL(request.url).searchParams.has("done");
  const valid = !done && erasureIsValid(db(), params.token ?? "");
  return json({ valid, done, days: erasureValidDays }, { status: valid || done ? 200 : 404, headers: noStore });
}

export function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const result = eraseData(db(), params.token ?? "");
  logger().info({ outcome: result ? "erased" : "invalid", ...(result ?? {}) }, "data erasure");
  if (!result) return json({ valid: false, done: false, days: erasureValidDays }, { status: 404, headers: noStore });
  return redirect(`${localizePath(locale, `/my-data/erase/${params.token}`)}?done=1`, { status: 303, headers: noStore });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "rights.erase.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Erase() {
  const { valid, done, days } = useLoaderData<typeof loader>();
  const { t, n } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("rights.erase.title")}</h1>
      {done ? (
        <p className="lead" role="status">
          {t("rights.erase.done")}
        </p>
      ) : valid ? (
        <>
          <p className="lead">{t("rights.erase.body")}</p>
          <Form method="post">
            <button type="submit" className="button button--primary">
              {t("rights.erase.button")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("rights.erase.invalid", { days: n(days) })}</p>
      )}
    </article>
  );
}
