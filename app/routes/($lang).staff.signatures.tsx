// Signatures: search by exact email, country, dates and status; invalidate or restore one, several, or all
// that match, with a reason. Counts follow; every action is in the audit log (without the email searched).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatNumber, localeInfo, useI18n, type MessageKey } from "~/i18n";
import { choosePetition } from "~/staff/petition-choice.server";
import { countSignatures, hasCriteria, invalidateSignatures, restoreSignatures, searchSignatures, type SignatureCriteria } from "~/staff/signatures-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";

const statuses = ["pending", "confirmed", "invalidated"] as const;

function criteriaFrom(params: URLSearchParams | FormData, petitionId: number): SignatureCriteria {
  const text = (name: string) => String(params.get(name) ?? "").trim();
  const date = (name: string, endOfDay = false) => {
    const v = text(name);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
    const day = new Date(`${v}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`);
    // "2026-13-45" has the shape of a date but is none: no criterion (an Invalid Date would fail the audit entry).
    return Number.isNaN(day.getTime()) ? undefined : day;
  };
  const status = text("status");
  return {
    petitionId,
    email: text("email").slice(0, 300) || undefined,
    country: /^[A-Za-z]{2}$/.test(text("country")) ? text("country").toUpperCase() : undefined,
    from: date("from"),
    to: date("to", true),
    status: (statuses as readonly string[]).includes(status) ? (status as SignatureCriteria["status"]) : undefined,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "signatures.manage");
  const { petitions, petition } = choosePetition(request);
  if (!petition) throw new Response("Not found", { status: 404, headers: staffNoStore });
  const url = new URL(request.url);
  const criteria = criteriaFrom(url.searchParams, petition.id);
  const searched = url.searchParams.has("search");
  return staffJson({
    petitions: petitions.map((p) => p.slug),
    petition: petition.slug,
    query: Object.fromEntries(url.searchParams),
    total: searched ? countSignatures(db(), criteria) : null,
    rows: searched ? searchSignatures(db(), criteria, 200) : [],
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "signatures.manage");
  const { petition } = choosePetition(request);
  if (!petition) throw new Response("Not found", { status: 404, headers: staffNoStore });
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const reason = String(form.get("reason") ?? "").trim().slice(0, 500);
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  const ids = form.getAll("id").map(Number).filter(Number.isSafeInteger);
  const criteria = criteriaFrom(form, petition.id);
  const byCriteria = intent.endsWith("-all");
  if (byCriteria && !hasCriteria(criteria)) return staffJson({ error: "staffOps.signatures.emptySearch" as MessageKey }, { status: 400 });
  const selection = byCriteria ? { criteria } : { ids };
  if (intent.startsWith("invalidate")) {
    if (!reason) return staffJson({ error: "staffOps.signatures.reasonRequired" as MessageKey }, { status: 400 });
    return staffJson({ changed: invalidateSignatures(db(), petition.id, selection, reason, actor) });
  }
  if (intent.startsWith("restore")) return staffJson({ changed: restoreSignatures(db(), petition.id, selection, actor) });
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export default function Signatures() {
  const { petition, query, total, rows } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, tk, n, locale } = useI18n();
  const time = new Intl.DateTimeFormat(localeInfo[locale].intl, { dateStyle: "medium", timeStyle: "short" });
  const hidden = (
    <>
      {["email", "country", "from", "to", "status"].map((k) => (query[k] ? <input key={k} type="hidden" name={k} value={query[k]} /> : null))}
    </>
  );
  return (
    <StaffPage title={t("staffOps.signatures.title")}>
      {data && "changed" in data ? <Notice kind="success">{t("staffOps.signatures.done", { count: n(data.changed) })}</Notice> : null}
      {data && "error" in data ? <Notice kind="error">{tk(data.error)}</Notice> : null}
      <Form method="get" className="staff-form filters">
        <input type="hidden" name="petition" value={petition} />
        <input type="hidden" name="search" value="1" />
        <Field id="email" label={t("staffOps.signatures.email")}>
          <input id="email" name="email" type="email" dir="ltr" defaultValue={query.email ?? ""} />
        </Field>
        <Field id="country" label={t("staffOps.signatures.country")}>
          <input id="country" name="country" dir="ltr" maxLength={2} defaultValue={query.country ?? ""} />
        </Field>
        <Field id="from" label={t("staffOps.signatures.from")}>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </Field>
        <Field id="to" label={t("staffOps.signatures.to")}>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </Field>
        <Field id="status" label={t("staffOps.signatures.status")}>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("staffOps.signatures.any")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`staffOps.signatures.status.${s}` as "staffOps.signatures.status.pending")}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button--primary">
          {t("staffOps.signatures.search")}
        </button>
      </Form>

      {total !== null ? (
        <Form method="post" className="staff-section">
          {hidden}
          <p role="status">
            {t("staffOps.signatures.results", { count: n(total) })} {total > rows.length ? t("staffOps.signatures.showing", { shown: formatNumber(locale, rows.length) }) : null}
          </p>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t("staffOps.signatures.select")}</th>
                <th scope="col">{t("staffOps.signatures.name")}</th>
                <th scope="col">{t("staffOps.signatures.email")}</th>
                <th scope="col">{t("staffOps.signatures.country")}</th>
                <th scope="col">{t("staffOps.signatures.status")}</th>
                <th scope="col">{t("staffOps.signatures.created")}</th>
                <th scope="col">{t("staffOps.signatures.confirmedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="checkbox" name="id" value={r.id} aria-label={`${t("staffOps.signatures.select")} ${r.name}`} />
                  </td>
                  <th scope="row" dir="auto">
                    {r.name}
                  </th>
                  <td dir="ltr">{r.email}</td>
                  <td>{r.country}</td>
                  <td>
                    {t(`staffOps.signatures.status.${r.status}` as "staffOps.signatures.status.pending")}
                    {r.invalidReason ? <span className="section-note"> ({r.invalidReason})</span> : null}
                  </td>
                  <td>{time.format(new Date(r.createdAt))}</td>
                  <td>{r.confirmedAt ? time.format(new Date(r.confirmedAt)) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Field id="reason" label={t("staffOps.signatures.reason")}>
            <input id="reason" name="reason" maxLength={500} />
          </Field>
          <div className="inline-form">
            <button type="submit" name="intent" value="invalidate" className="button button--secondary">
              {t("staffOps.signatures.invalidateSelected")}
            </button>
            <button type="submit" name="intent" value="restore" className="button button--secondary">
              {t("staffOps.signatures.restoreSelected")}
            </button>
            <button type="submit" name="intent" value="invalidate-all" className="button button--secondary">
              {t("staffOps.signatures.invalidateAll")}
            </button>
            <button type="submit" name="intent" value="restore-all" className="button button--secondary">
              {t("staffOps.signatures.restoreAll")}
            </button>
          </div>
        </Form>
      ) : null}
    </StaffPage>
  );
}
