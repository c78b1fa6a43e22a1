import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { login, readSession } from "~/staff/auth.server";
import { safeStaffNext, sessionIdFrom, setSessionCookie, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { Field, Notice } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = readSession(db(), await sessionIdFrom(request));
  if (found) throw redirect(localizePath(locale, "/staff"), { headers: staffNoStore });
  return staffJson({});
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "").slice(0, 300);
  const password = String(form.get("password") ?? "").slice(0, 500);
  const next = safeStaffNext(String(form.get("next") ?? ""), locale);
  const result = await login(db(), { email, password, ipHash: staffIpHash(context.clientIp), presentedSessionId: await sessionIdFrom(request) });
  if (!result.ok) {
    return staffJson(
      { error: result.error, minutes: Math.ceil((result.retryAfterSeconds ?? 60) / 60), email },
      { status: result.error === "throttled" ? 429 : 400, headers: result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {} },
    );
  }
  const target =
    result.next === "two-factor"
      ? `${localizePath(locale, "/staff/login/two-factor")}?next=${encodeURIComponent(next)}`
      : result.next === "enrol"
        ? localizePath(locale, "/staff/account/two-factor")
        : next;
  return redirect(target, { status: 303, headers: { ...staffNoStore, "Set-Cookie": await setSessionCookie(result.sessionId) } });
}

// The page's headers, and the Retry-After of a throttled attempt (the action's own headers go no further).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { ...staffNoStore, "Retry-After": retryAfter } : staffNoStore;
};
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "staff.login.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function StaffLogin() {
  useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, n } = useI18n();
  return (
    <article className="page page--narrow">
      <h1>{t("staff.login.title")}</h1>
      {data?.error === "credentials" ? <Notice kind="error">{t("staff.login.error")}</Notice> : null}
      {data?.error === "throttled" ? <Notice kind="error">{t("staff.login.throttled", { minutes: n(data.minutes) })}</Notice> : null}
      <Form method="post" className="staff-form">
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field id="email" label={t("staff.login.email")}>
          <input id="email" name="email" type="email" autoComplete="username" required dir="ltr" defaultValue={data?.email ?? ""} />
        </Field>
        <Field id="password" label={t("staff.login.password")}>
          <input id="password" name="password" type="password" autoComplete="current-password" required dir="ltr" />
        </Field>
        <button type="submit" className="button button--primary">
          {t("staff.login.submit")}
        </button>
      </Form>
      <p className="section-note">{t("staff.login.note")}</p>
    </article>
  );
}
