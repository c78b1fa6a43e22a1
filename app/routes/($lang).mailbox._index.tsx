import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n";
import { listMailbox, mailboxEnabled } from "~/mail/mailbox.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params, request);
  if (!mailboxEnabled()) throw notFound();
  return json({ messages: listMailbox(db()) }, { headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = () => [{ title: "Mailbox" }, { name: "robots", content: "noindex" }];

export default function Mailbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, href, locale } = useI18n();
  const time = new Intl.DateTimeFormat(locale === "fa" ? "fa-IR" : "en-GB", { dateStyle: "medium", timeStyle: "medium" });
  return (
    <article className="page page--narrow mailbox">
      <h1>{t("mailbox.title")}</h1>
      <p className="notice">{t("mailbox.note")}</p>
      {messages.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mailbox.received")}</th>
              <th scope="col">{t("mailbox.to")}</th>
              <th scope="col">{t("mailbox.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{time.format(new Date(m.receivedAt))}</td>
                <td>
                  <bdi dir="ltr">{m.to}</bdi>
                </td>
                <td>
                  <Link to={href(`/mailbox/${m.id}`)}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("mailbox.empty")}</p>
      )}
    </article>
  );
}
