// The staff area's frame: who is signed in, and the sections their roles allow.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { localeFromPath, translate, useI18n, type MessageKey } from "~/i18n";
import { requireStaff } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { permissionsOf, type Permission } from "~/staff/permissions";

const sections: { path: string; label: MessageKey; permission: Permission }[] = [
  { path: "/staff", label: "staff.nav.dashboard", permission: "dashboards.view" },
  { path: "/staff/campaigns", label: "staff.nav.campaigns", permission: "content.edit" },
  { path: "/staff/letters", label: "staff.nav.letters", permission: "letters.manage" },
  { path: "/staff/recipients", label: "staff.nav.recipients", permission: "recipients.manage" },
  { path: "/staff/signatures", label: "staff.nav.signatures", permission: "signatures.manage" },
  { path: "/staff/comments", label: "staff.nav.comments", permission: "comments.moderate" },
  { path: "/staff/outbox", label: "staff.nav.outbox", permission: "outbox.manage" },
  { path: "/staff/exports", label: "staff.nav.exports", permission: "exports.run" },
  { path: "/staff/users", label: "staff.nav.users", permission: "staff.manage" },
  { path: "/staff/audit", label: "staff.nav.audit", permission: "audit.view" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, null);
  const granted = permissionsOf(user.roles);
  return staffJson({ name: user.name, nav: sections.filter((s) => granted.has(s.permission)).map(({ path, label }) => ({ path, label })) });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [{ title: `${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function StaffLayout() {
  const { name, nav } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  return (
    <div className="staff">
      <aside className="staff__side">
        <p className="staff__who">{t("staff.signedInAs", { name })}</p>
        <nav aria-label={t("staff.nav")}>
          <ul>
            {nav.map((item) => (
              <li key={item.path}>
                <NavLink to={href(item.path)} end={item.path === "/staff"}>
                  {t(item.label as "staff.nav.dashboard")}
                </NavLink>
              </li>
            ))}
            <li>
              <NavLink to={href("/staff/account")}>{t("staff.nav.account")}</NavLink>
            </li>
          </ul>
        </nav>
        <Form method="post" action={href("/staff/logout")}>
          <button type="submit" className="button button--secondary button--small">
            {t("staff.logout")}
          </button>
        </Form>
      </aside>
      <div className="staff__main">
        <Outlet />
      </div>
    </div>
  );
}
