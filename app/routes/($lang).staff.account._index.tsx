import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { localizePath, useI18n, type MessageKey } from "~/i18n";
import { audit, logoutEverywhere } from "~/staff/auth.server";
import { clearSessionCookie, requireStaff, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, null);
  return staffJson({ name: user.name, roles: user.roles, twoFactor: Boolean(user.totpEnabledAt) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user } = await requireStaff(request, null);
  logoutEverywhere(db(), user.id);
  audit(db(), { userId: user.id, action: "staff.logout_everywhere", ipHash: staffIpHash(context.clientIp) });
  return redirect(localizePath(locale, "/staff/login"), { status: 303, headers: { ...staffNoStore, "Set-Cookie": await clearSessionCookie() } });
}

export const headers = () => staffNoStore;

export default function Account() {
  const { name, roles, twoFactor } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  return (
    <StaffPage title={t("staff.account.title")}>
      <p>{name}</p>
      <p>{t("staff.account.roles", { roles: roles.map((r) => t(`staff.role.${r}` as MessageKey as "staff.role.admin")).join(t("list.separator")) })}</p>
      <p>
        {twoFactor ? t("staff.account.twoFactorOn") : t("staff.account.twoFactorOff")}{" "}
        {twoFactor ? null : <Link to={href("/staff/account/two-factor")}>{t("staff.account.setUpTwoFactor")}</Link>}
      </p>
      <Form method="post">
        <p className="field__hint">{t("staff.account.everywhereHint")}</p>
        <button type="submit" className="button button--secondary">
          {t("staff.account.everywhere")}
        </button>
      </Form>
    </StaffPage>
  );
}
