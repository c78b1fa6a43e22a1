// The audit log (administrators): logins and their failures, two-factor changes, role changes, content
// edits, invalidations, exports.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { desc, eq, like } from "drizzle-orm";
import { localeInfo, useI18n } from "~/i18n";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff } from "~/staff/session.server";
import { Field, StaffPage } from "~/staff/ui/StaffForm";
import { db, schema } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "audit.view");
  const prefix = (new URL(request.url).searchParams.get("action") ?? "").replace(/[^a-z._-]/g, "").slice(0, 60);
  const rows = db()
    .select({ entry: schema.auditLog, name: schema.staffUsers.name })
    .from(schema.auditLog)
    .leftJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.auditLog.userId))
    .where(prefix ? like(schema.auditLog.action, `${prefix}%`) : undefined)
    .orderBy(desc(schema.auditLog.id))
    .limit(300)
    .all()
    .map(({ entry, name }) => ({
      id: entry.id,
      at: entry.at.toISOString(),
      who: name,
      action: entry.action,
      target: entry.target,
      details: entry.details ? JSON.stringify(entry.details) : "",
    }));
  return staffJson({ rows, prefix });
}

export const headers = () => staffNoStore;

export default function Audit() {
  const { rows, prefix } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const time = new Intl.DateTimeFormat(localeInfo[locale].intl, { dateStyle: "short", timeStyle: "medium" });
  return (
    <StaffPage title={t("staffOps.audit.title")}>
      <Form method="get" className="inline-form">
        <Field id="action" label={t("staffOps.audit.filter")}>
          <input id="action" name="action" dir="ltr" defaultValue={prefix} />
        </Field>
        <button type="submit" className="button button--secondary button--small">
          {t("staffOps.audit.show")}
        </button>
      </Form>
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">{t("staffOps.audit.at")}</th>
            <th scope="col">{t("staffOps.audit.who")}</th>
            <th scope="col">{t("staffOps.audit.action")}</th>
            <th scope="col">{t("staffOps.audit.target")}</th>
            <th scope="col">{t("staffOps.audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{time.format(new Date(r.at))}</td>
              <td>{r.who ?? t("staffOps.audit.nobody")}</td>
              <th scope="row" dir="ltr">
                {r.action}
              </th>
              <td dir="ltr">{r.target ?? ""}</td>
              <td dir="ltr" className="audit-details">
                {r.details}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffPage>
  );
}
