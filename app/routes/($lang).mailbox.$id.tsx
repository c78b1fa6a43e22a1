import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useI18n } from "~/i18n";
import { mailboxEnabled, readMailbox } from "~/mail/mailbox.server";
import { db } from "~/utils/db.server";
import { cacheHeaders } from "~/utils/headers";
import { notFound, requireLocale } from "~/utils/http.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params, request);
  if (!mailboxEnabled()) throw notFound();
  const id = Number(params.id);
  const message = Number.isSafeInteger(id) ? readMailbox(db(), id) : null;
  if (!message) throw notFound();
  return json({ message }, { headers: { "Cache-Control": "no-store" } });
}

export const headers = cacheHeaders;
export const meta: MetaFunction = () => [{ title: "Mailbox" }, { name: "robots", content: "noindex" }];

/** The plain-text body with its web addresses as links. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} dir="ltr">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  return (
    <article className="page page--narrow mailbox">
      <p>
        <Link to={href("/mailbox")}>{t("mailbox.back")}</Link>
      </p>
      <h1 dir="auto">{message.subject}</h1>
      <dl className="mailbox__headers">
        <dt>From</dt>
        <dd dir="ltr">{message.from}</dd>
        <dt>{t("mailbox.to")}</dt>
        <dd dir="ltr">{message.to}</dd>
        {message.replyTo ? (
          <>
            <dt>Reply-To</dt>
            <dd dir="ltr">{message.replyTo}</dd>
          </>
        ) : null}
      </dl>
      <pre className="mailbox__text" dir="auto">
        <Linkified text={message.text} />
      </pre>
    </article>
  );
}
