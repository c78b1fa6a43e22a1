// Second step of signing in: the TOTP code. The session stays "pending" (it grants nothing) until then.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n } from "~/i18n";
import { completeTwoFactor, readSession } from "~/staff/auth.server";
import { safeStaffNext, sessionIdFrom, setSessionCookie, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { Field, Notice } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const found = readSession(db(), await sessionIdFrom(request), new Date(), { allowPending: true });
  if (!found?.session.pendingTwoFactor) throw redirect(localizePath(locale, "/staff/login"), { headers: staffNoStore });
  return staffJson({});
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const code = String(form.get("code") ?? "").slice(0, 20);
  const next = safeStaffNext(String(form.get("next") ?? ""), locale);
  const sessionId = await sessionIdFrom(request);
  const result = sessionId ? completeTwoFactor(db(), sessionId, code, staffIpHash(context.clientIp)) : ({ ok: false } as const);
  if (!result.ok) return staffJson({ error: true }, { status: 400 });
  return redirect(next, { status: 303, headers: { ...staffNoStore, "Set-Cookie": await setSessionCookie(result.sessionId) } });
}

export const headers = () => staffNoStore;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "staff.twoFactor.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function LoginTwoFactor() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <article className="page page--narrow">
      <h1>{t("staff.twoFactor.title")}</h1>
      <p>{t("staff.twoFactor.body")}</p>
      {data?.error ? <Notice kind="error">{t("staff.twoFactor.error")}</Notice> : null}
      <Form method="post" className="staff-form">
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field id="code" label={t("staff.twoFactor.code")}>
          <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={8} required dir="ltr" />
        </Field>
        <button type="submit" className="button button--primary">
          {t("staff.twoFactor.submit")}
        </button>
      </Form>
    </article>
  );
}
