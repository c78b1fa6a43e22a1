// One-click unsubscribe from campaign updates. GET shows a button; POST stops the updates — including the
// RFC 8058 one-click POST that mail programs send on their own ("List-Unsubscribe=One-Click").
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { isUnsubscribeToken, unsubscribe } from "~/privacy/rights.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const valid = isUnsubscribeToken(params.token ?? "");
  const done = valid && new URL(request.url).searchParams.get("done") === "1";
  return json({ valid, done }, { status: valid ? 200 : 404, headers: noStore });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const token = params.token ?? "";
  const form = await request.formData();
  const done = unsubscribe(db(), token);
  if (!done) return json({ done }, { status: 404, headers: noStore });
  // A mail program's one-click POST (RFC 8058) gets a plain 200; a person's form post is redirected (PRG).
  if (form.get("List-Unsubscribe") === "One-Click") return new Response("Unsubscribed", { status: 200, headers: { ...noStore, "Content-Type": "text/plain; charset=utf-8" } });
  return redirect(`${localizePath(locale, `/unsubscribe/${token}`)}?done=1`, { status: 303, headers: noStore });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "unsubscribe.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Unsubscribe() {
  const { valid, done } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <article className="page page--narrow status-page">
      <h1>{t("unsubscribe.title")}</h1>
      {done ? (
        <p className="lead" role="status">
          {t("unsubscribe.done")}
        </p>
      ) : valid && data?.done !== false ? (
        <>
          <p className="lead">{t("unsubscribe.body")}</p>
          <Form method="post">
            <button type="submit" className="button button--primary">
              {t("unsubscribe.button")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("unsubscribe.invalid")}</p>
      )}
    </article>
  );
}
