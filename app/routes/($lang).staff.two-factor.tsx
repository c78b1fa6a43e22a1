// A fresh two-factor check inside a session, asked before sensitive actions (exports).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useI18n } from "~/i18n";
import { reconfirmTwoFactor } from "~/staff/auth.server";
import { requireStaff, safeStaffNext, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { requireLocale } from "~/utils/http.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, null);
  return staffJson({});
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user, session } = await requireStaff(request, null);
  const form = await request.formData();
  if (!reconfirmTwoFactor(db(), session, user, String(form.get("code") ?? "").slice(0, 20), staffIpHash(context.clientIp))) {
    return staffJson({ error: true }, { status: 400 });
  }
  return redirect(safeStaffNext(String(form.get("next") ?? ""), locale), { status: 303, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export default function RecentTwoFactor() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <StaffPage title={t("staff.twoFactor.title")}>
      <p>{t("staff.twoFactor.recent")}</p>
      {data?.error ? <Notice kind="error">{t("staff.twoFactor.error")}</Notice> : null}
      <Form method="post" className="staff-form">
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field id="code" label={t("staff.twoFactor.code")}>
          <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required dir="ltr" />
        </Field>
        <button type="submit" className="button button--primary">
          {t("staff.twoFactor.submit")}
        </button>
      </Form>
    </StaffPage>
  );
}
