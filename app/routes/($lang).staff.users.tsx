// Staff accounts (administrators only): roles, disabling, and one-time invitation links.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { formatNumber, useI18n, type MessageKey } from "~/i18n";
import { audit, createInvite, inviteValidHours, logoutEverywhere, staffEmail } from "~/staff/auth.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db, schema } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { localizePath } from "~/i18n";
import { requireLocale } from "~/utils/http.server";
import { staffRoles, type StaffRole } from "../../db/schema/staff";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "staff.manage");
  const users = db()
    .select()
    .from(schema.staffUsers)
    .all()
    .map((u) => ({ id: u.id, name: u.name, email: staffEmail(u), roles: u.roles, twoFactor: Boolean(u.totpEnabledAt), disabled: Boolean(u.disabledAt) }));
  return staffJson({ users });
}

function rolesFrom(form: FormData): StaffRole[] {
  return form.getAll("roles").filter((r): r is StaffRole => (staffRoles as readonly unknown[]).includes(r));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user } = await requireStaff(request, "staff.manage");
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const ipHash = staffIpHash(context.clientIp);
  const database = db();
  if (intent === "invite") {
    const roles = rolesFrom(form);
    if (!roles.length) return staffJson({ error: "staff.field.required" as MessageKey }, { status: 400 });
    const email = String(form.get("email") ?? "").trim() || null;
    const token = createInvite(database, { roles, email, createdBy: user.id });
    audit(database, { userId: user.id, action: "staff.invite_created", details: { roles, forAddress: Boolean(email) }, ipHash });
    return staffJson({ link: `${env().publicUrl}${localizePath(locale, `/staff/setup/${token}`)}` });
  }
  const id = Number(form.get("userId"));
  const target = database.select().from(schema.staffUsers).where(eq(schema.staffUsers.id, id)).get();
  if (!target) throw new Response("Not found", { status: 404, headers: staffNoStore });
  if (intent === "roles") {
    const roles = rolesFrom(form);
    if (!roles.length) return staffJson({ error: "staff.field.required" as MessageKey }, { status: 400 });
    if (target.id === user.id && !roles.includes("admin")) return staffJson({ error: "staff.users.selfRoles" as MessageKey }, { status: 400 });
    database.transaction((tx) => {
      tx.update(schema.staffUsers).set({ roles, updatedAt: new Date() }).where(eq(schema.staffUsers.id, target.id)).run();
      audit(tx, { userId: user.id, action: "staff.roles_changed", target: `staff:${target.id}`, details: { from: target.roles, to: roles }, ipHash });
    });
    // New roles take effect with a new session (two-factor may now be required).
    if (target.id !== user.id) logoutEverywhere(database, target.id);
    return staffJson({ saved: true });
  }
  if (intent === "disable" || intent === "enable") {
    if (target.id === user.id) return staffJson({ error: "staff.users.selfRoles" as MessageKey }, { status: 400 });
    database.transaction((tx) => {
      tx.update(schema.staffUsers).set({ disabledAt: intent === "disable" ? new Date() : null }).where(eq(schema.staffUsers.id, target.id)).run();
      audit(tx, { userId: user.id, action: intent === "disable" ? "staff.account_disabled" : "staff.account_enabled", target: `staff:${target.id}`, ipHash });
    });
    if (intent === "disable") logoutEverywhere(database, target.id);
    return staffJson({ saved: true });
  }
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, tk } = useI18n();
  const roleName = (r: StaffRole) => t(`staff.role.${r}` as "staff.role.admin");
  return (
    <StaffPage title={t("staff.users.title")}>
      {data && "saved" in data ? <Notice kind="success">{t("staff.saved")}</Notice> : null}
      {data && "error" in data && data.error ? <Notice kind="error">{tk(data.error)}</Notice> : null}
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">{t("staff.users.name")}</th>
            <th scope="col">{t("staff.users.email")}</th>
            <th scope="col">{t("staff.users.roles")}</th>
            <th scope="col">{t("staff.users.twoFactor")}</th>
            <th scope="col">{t("staff.users.status")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.name}</th>
              <td dir="ltr">{u.email}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="roles" />
                  <input type="hidden" name="userId" value={u.id} />
                  <fieldset>
                    <legend className="visually-hidden">{t("staff.users.roles")}</legend>
                    {staffRoles.map((r) => (
                      <label key={r} className="inline-choice">
                        <input type="checkbox" name="roles" value={r} defaultChecked={u.roles.includes(r)} /> {roleName(r)}
                      </label>
                    ))}
                  </fieldset>
                  <button type="submit" className="button button--secondary button--small">
                    {t("staff.users.saveRoles")}
                  </button>
                </Form>
              </td>
              <td>{u.twoFactor ? t("staff.users.yes") : t("staff.users.no")}</td>
              <td>
                {u.disabled ? t("staff.users.disabled") : t("staff.users.active")}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value={u.disabled ? "enable" : "disable"} />
                  <input type="hidden" name="userId" value={u.id} />
                  <button type="submit" className="button button--secondary button--small">
                    {u.disabled ? t("staff.users.enable") : t("staff.users.disable")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="invite-heading" className="staff-section">
        <h2 id="invite-heading">{t("staff.users.invite.title")}</h2>
        {data && "link" in data && data.link ? (
          <Notice kind="success">
            <p>{t("staff.users.invite.link", { hours: formatNumber("en", inviteValidHours) })}</p>
            <p>
              <code dir="ltr" className="invite-link">
                {data.link}
              </code>
            </p>
          </Notice>
        ) : null}
        <Form method="post" className="staff-form">
          <input type="hidden" name="intent" value="invite" />
          <fieldset className="field">
            <legend>{t("staff.users.roles")}</legend>
            {staffRoles.map((r) => (
              <label key={r} className="inline-choice">
                <input type="checkbox" name="roles" value={r} defaultChecked={r === "viewer"} /> {roleName(r)}
              </label>
            ))}
          </fieldset>
          <Field id="invite-email" label={t("staff.users.invite.email")}>
            <input id="invite-email" name="email" type="email" dir="ltr" />
          </Field>
          <button type="submit" className="button button--primary">
            {t("staff.users.invite.submit")}
          </button>
        </Form>
      </section>
    </StaffPage>
  );
}
