// The withdrawal link in every signature email: GET shows what will happen, POST deletes the signature and
// the person's data and takes the signature out of every count.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { inspectWithdrawToken, withdrawSignature } from "~/petitions/signing.server";
import { db } from "~/utils/db.server";
import { pageCache } from "~/utils/page-cache.server";
import { cacheHeaders } from "~/utils/headers";
import { requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = inspectWithdrawToken(db(), params.token ?? "", locale);
  return json({ found }, { status: found ? 200 : 404, headers: noStore });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const result = withdrawSignature(db(), params.token ?? "");
  logger().info({ outcome: result.status }, "signature withdrawal");
  if (result.status === "withdrawn") {
    // Withdrawals are rare: let every public page show the new counts at once.
    pageCache.purge();
    return redirect(localizePath(locale, `/petitions/${result.petitionSlug}/withdrawn`), { status: 303, headers: noStore });
  }
  return json({ withdrawn: false }, { status: 404, headers: noStore });
}

export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "withdraw.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function WithdrawSignature() {
  const { found } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  if (!found || actionData) {
    return (
      <article className="page page--narrow status-page">
        <h1>{t("withdraw.invalid.title")}</h1>
        <p>{t("withdraw.invalid.body")}</p>
      </article>
    );
  }
  return (
    <article className="page page--narrow status-page">
      <h1>{t("withdraw.title")}</h1>
      <p className="lead">{t("withdraw.body", { title: found.petitionTitle })}</p>
      <Form method="post">
        <button type="submit" className="button button--primary">
          {t("withdraw.button")}
        </button>
      </Form>
    </article>
  );
}
