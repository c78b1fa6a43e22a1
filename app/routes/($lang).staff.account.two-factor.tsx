// Two-factor enrolment: a secret is generated on the server, shown as a QR code drawn on the server (and as
// text), and turned on only once a code from it is confirmed.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localizePath, useI18n } from "~/i18n";
import { finishEnrolment, pendingEnrolmentSecret, startEnrolment, staffEmail, totpQrSvg, totpUri } from "~/staff/auth.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requiresTwoFactor } from "~/staff/permissions";
import { Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user } = await requireStaff(request, null);
  if (user.totpEnabledAt) throw redirect(localizePath(locale, "/staff/account"), { headers: staffNoStore });
  const secret = pendingEnrolmentSecret(user) ?? startEnrolment(db(), user);
  const uri = totpUri(secret, staffEmail(user));
  return staffJson({ secret, qr: await totpQrSvg(uri), required: requiresTwoFactor(user.roles) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user, session } = await requireStaff(request, null);
  const form = await request.formData();
  const ok = finishEnrolment(db(), user, session.idHash, String(form.get("code") ?? "").slice(0, 20), staffIpHash(context.clientIp));
  if (!ok) return staffJson({ error: true }, { status: 400 });
  return redirect(localizePath(locale, "/staff"), { status: 303, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export default function EnrolTwoFactor() {
  const { secret, qr, required } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <StaffPage title={t("staff.enrol.title")}>
      {required ? <Notice>{t("staff.enrol.required")}</Notice> : null}
      {data?.error ? <Notice kind="error">{t("staff.twoFactor.error")}</Notice> : null}
      <p>{t("staff.enrol.step1")}</p>
      <figure className="qr" role="img" aria-label={t("staff.enrol.qrAlt")} dangerouslySetInnerHTML={{ __html: qr }} />
      <p>
        {t("staff.enrol.key")}: <code dir="ltr" className="totp-key">{secret.replace(/(.{4})/g, "$1 ").trim()}</code>
      </p>
      <p>{t("staff.enrol.step2")}</p>
      <Form method="post" className="staff-form">
        <Field id="code" label={t("staff.twoFactor.code")}>
          <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required dir="ltr" />
        </Field>
        <button type="submit" className="button button--primary">
          {t("staff.enrol.submit")}
        </button>
      </Form>
    </StaffPage>
  );
}
