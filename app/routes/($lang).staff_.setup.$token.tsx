// A one-time invitation link: create a staff account (the first admin on a fresh install, or an invited
// colleague). Administrators then set up two-factor authentication before anything else.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import { acceptInvite, findInvite, login } from "~/staff/auth.server";
import { setSessionCookie, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { Field, Notice, describedBy } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params, request);
  const invite = findInvite(db(), params.token ?? "");
  return staffJson({ valid: Boolean(invite) }, { status: invite ? 200 : 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const values = {
    name: String(form.get("name") ?? "").trim().slice(0, 200),
    email: String(form.get("email") ?? "").trim().slice(0, 300),
    password: String(form.get("password") ?? "").slice(0, 500),
  };
  const errors: Partial<Record<"name" | "email" | "password" | "form", MessageKey>> = {};
  if (!values.name) errors.name = "staff.field.required";
  if (!emailPattern.test(values.email)) errors.email = "staff.field.email";
  if (!values.password) errors.password = "staff.field.required";
  if (Object.keys(errors).length) return staffJson({ errors, values: { name: values.name, email: values.email } }, { status: 400 });
  const result = await acceptInvite(db(), params.token ?? "", values);
  if (!result.ok) {
    const key: Record<typeof result.error, ["form" | "email" | "password", MessageKey]> = {
      invite: ["form", "staff.setup.invalid"],
      email: ["email", "staff.setup.error.email"],
      taken: ["email", "staff.setup.error.taken"],
      tooShort: ["password", "staff.password.tooShort"],
      tooLong: ["password", "staff.password.tooLong"],
      common: ["password", "staff.password.common"],
    };
    const [field, message] = key[result.error];
    return staffJson({ errors: { [field]: message }, values: { name: values.name, email: values.email } }, { status: 400 });
  }
  const signedIn = await login(db(), { email: values.email, password: values.password, ipHash: staffIpHash(context.clientIp) });
  if (!signedIn.ok) return redirect(localizePath(locale, "/staff/login"), { status: 303, headers: staffNoStore });
  const next = signedIn.next === "enrol" ? "/staff/account/two-factor" : "/staff";
  return redirect(localizePath(locale, next), { status: 303, headers: { ...staffNoStore, "Set-Cookie": await setSessionCookie(signedIn.sessionId) } });
}

export const headers = () => staffNoStore;
export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "staff.setup.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function StaffSetup() {
  const { valid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, tk } = useI18n();
  const errors = (data?.errors ?? {}) as Partial<Record<"name" | "email" | "password" | "form", MessageKey>>;
  if (!valid || errors.form) {
    return (
      <article className="page page--narrow">
        <h1>{t("staff.setup.title")}</h1>
        <Notice kind="error">{t("staff.setup.invalid")}</Notice>
      </article>
    );
  }
  return (
    <article className="page page--narrow">
      <h1>{t("staff.setup.title")}</h1>
      <p>{t("staff.setup.body")}</p>
      <Form method="post" className="staff-form">
        <Field id="name" label={t("staff.setup.name")} error={errors.name ? tk(errors.name) : null}>
          <input id="name" name="name" autoComplete="name" required defaultValue={data?.values?.name ?? ""} aria-describedby={describedBy("name", false, errors.name)} />
        </Field>
        <Field id="email" label={t("staff.setup.email")} error={errors.email ? tk(errors.email) : null}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            dir="ltr"
            defaultValue={data?.values?.email ?? ""}
            aria-describedby={describedBy("email", false, errors.email)}
          />
        </Field>
        <Field id="password" label={t("staff.setup.password")} hint={t("staff.setup.passwordHint")} error={errors.password ? tk(errors.password) : null}>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            dir="ltr"
            aria-describedby={describedBy("password", true, errors.password)}
          />
        </Field>
        <button type="submit" className="button button--primary">
          {t("staff.setup.submit")}
        </button>
      </Form>
    </article>
  );
}
