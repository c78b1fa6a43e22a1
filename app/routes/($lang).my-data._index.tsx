// Supporters' rights: ask for a copy of your data or its erasure. The answer goes by email only, and the page
// looks the same whether or not the address is known.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import { requestCopy, requestErasure } from "~/privacy/rights.server";
import { lookupHash } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { canonicalEmail } from "~/utils/email-address.server";
import { cacheHeaders } from "~/utils/headers";
import { publicPageHeaders, requireLocale } from "~/utils/http.server";
import { env } from "~/utils/env.server";
import { limitAddress, limitEmail } from "~/utils/rate-limit.server";

const noStore = { "Cache-Control": "no-store" };
const emailPattern = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/u;

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params, request);
  return json({}, { headers: publicPageHeaders(env().pageCacheSeconds) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "").trim().slice(0, 254);
  const kind = form.get("kind") === "erase" ? "erase" : form.get("kind") === "copy" ? "copy" : null;
  const errors: { email?: MessageKey; kind?: MessageKey } = {};
  if (!emailPattern.test(email)) errors.email = email ? "sign.error.emailInvalid" : "sign.error.emailRequired";
  if (!kind) errors.kind = "letters.error.choice";
  if (errors.email || errors.kind) return json({ errors, email, kind }, { status: 400, headers: noStore });
  const sent = redirect(localizePath(locale, "/my-data/sent"), { status: 303, headers: noStore });
  if (form.get("website")) return sent;
  const address = await limitAddress(lookupHash("ip", context.clientIp || "unknown"));
  const perEmail = address.ok ? await limitEmail(lookupHash("email", canonicalEmail(email))) : address;
  if (!perEmail.ok) {
    return json(
      { errors: {}, email, kind, limited: Math.ceil(perEmail.retryAfterSeconds / 60) },
      { status: 429, headers: { ...noStore, "Retry-After": String(perEmail.retryAfterSeconds) } },
    );
  }
  if (kind === "copy") requestCopy(db(), email, locale);
  else requestErasure(db(), email, locale);
  return sent;
}

export const headers = cacheHeaders;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "rights.title")} · ${translate(locale, "site.name")}` }];
};

export default function MyData() {
  const data = useActionData<typeof action>();
  const { t, tk, n } = useI18n();
  const errors = (data && "errors" in data ? data.errors : {}) as { email?: MessageKey; kind?: MessageKey };
  return (
    <article className="page page--narrow">
      <h1>{t("rights.title")}</h1>
      <p className="lead">{t("rights.intro")}</p>
      {data && "limited" in data && data.limited ? (
        <p className="notice" role="alert">
          {t("sign.error.emailRateLimited", { minutes: n(data.limited) })}
        </p>
      ) : null}
      <Form method="post" className="staff-form" noValidate>
        <div className={`field${errors.email ? " field--error" : ""}`}>
          <label htmlFor="email">{t("rights.email.label")}</label>
          {errors.email ? (
            <p className="field__error" id="email-error">
              {tk(errors.email)}
            </p>
          ) : null}
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            dir="ltr"
            required
            defaultValue={data?.email ?? ""}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "email-error" : undefined}
          />
        </div>
        <fieldset className={`field choices${errors.kind ? " field--error" : ""}`}>
          <legend>{t("rights.kind.legend")}</legend>
          {errors.kind ? <p className="field__error">{tk(errors.kind)}</p> : null}
          <div className="choice">
            <input id="kind-copy" type="radio" name="kind" value="copy" defaultChecked={data?.kind !== "erase"} />
            <label htmlFor="kind-copy">{t("rights.kind.copy")}</label>
          </div>
          <div className="choice">
            <input id="kind-erase" type="radio" name="kind" value="erase" defaultChecked={data?.kind === "erase"} />
            <label htmlFor="kind-erase">{t("rights.kind.erase")}</label>
          </div>
        </fieldset>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t("sign.honeypot.label")}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <button type="submit" className="button button--primary">
          {t("rights.submit")}
        </button>
      </Form>
    </article>
  );
}
