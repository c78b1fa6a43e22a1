// The link at the foot of every letter: a mission that does not want these letters can stop them. GET shows
// the choice, POST records it (and fails the letters still waiting, which their writers can send themselves).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n";
import { optOutRecipient, recipientFromOptOutToken } from "~/letters/letters.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { logger } from "~/utils/logger.server";

const noStore = { "Cache-Control": "no-store" };

export function loader({ params }: LoaderFunctionArgs) {
  const recipient = recipientFromOptOutToken(db(), params.token ?? "");
  return json({ recipient: recipient ? { name: recipient.nameEn, status: recipient.status } : null }, { status: recipient ? 200 : 404, headers: noStore });
}

export function action({ params, request }: ActionFunctionArgs) {
  const recipient = recipientFromOptOutToken(db(), params.token ?? "");
  if (!recipient) return json({ done: false }, { status: 404, headers: noStore });
  optOutRecipient(db(), recipient.id);
  logger().info({ recipient: recipient.id }, "recipient opted out of letters");
  return redirect(new URL(request.url).pathname, { status: 303, headers: noStore });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = () => [{ title: "Stop receiving letters" }, { name: "robots", content: "noindex" }];

export default function OptOut() {
  const { recipient } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  if (!recipient) {
    return (
      <article className="page page--narrow status-page">
        <h1>{t("optOut.title")}</h1>
        <p>{t("optOut.invalid")}</p>
      </article>
    );
  }
  return (
    <article className="page page--narrow status-page">
      <h1>{t("optOut.title")}</h1>
      {actionData?.done || recipient.status === "opted_out" ? (
        <p className="lead" role="status">
          {t("optOut.done", { recipient: recipient.name })}
        </p>
      ) : (
        <>
          <p className="lead">{t("optOut.body", { recipient: recipient.name })}</p>
          <Form method="post">
            <button type="submit" className="button button--primary">
              {t("optOut.button")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
