import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localeInfo, useI18n } from "~/i18n";
import { outboxHealth } from "~/staff/dashboard.server";
import { cancelMessage, outboxLists, retryMessage } from "~/staff/outbox-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  await requireStaff(request, "outbox.manage");
  return staffJson({ health: outboxHealth(db()), ...outboxLists(db(), locale) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "outbox.manage");
  const form = await request.formData();
  const id = Number(form.get("id"));
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  if (!Number.isSafeInteger(id)) throw new Response("Bad request", { status: 400, headers: staffNoStore });
  if (form.get("intent") === "retry") return staffJson({ done: retryMessage(db(), id, actor) ? "retried" : null });
  if (form.get("intent") === "cancel") return staffJson({ done: cancelMessage(db(), id, actor) ? "cancelled" : null });
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

type Row = ReturnType<typeof useLoaderData<typeof loader>>["failed"][number];

export default function Outbox() {
  const { health, failed, queued } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, n, locale } = useI18n();
  const time = new Intl.DateTimeFormat(localeInfo[locale].intl, { dateStyle: "short", timeStyle: "short" });
  const table = (rows: Row[], showNext: boolean) => (
    <table className="staff-table">
      <thead>
        <tr>
          <th scope="col">{t("staffOps.outbox.template")}</th>
          <th scope="col">{t("staffOps.outbox.recipient")}</th>
          <th scope="col">{t("staffOps.outbox.attempts")}</th>
          <th scope="col">{t("staffOps.outbox.error")}</th>
          <th scope="col">{showNext ? t("staffOps.outbox.nextAttempt") : t("staffOps.outbox.created")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("staffOps.outbox.retry")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.template}</th>
            <td>{r.recipient ?? t("staffOps.outbox.supporter")}</td>
            <td>{n(r.attempts)}</td>
            <td dir="ltr">{r.lastError ?? "—"}</td>
            <td>{time.format(new Date(showNext ? r.nextAttemptAt : r.createdAt))}</td>
            <td>
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" name="intent" value="retry" className="button button--secondary button--small">
                  {t("staffOps.outbox.retry")}
                </button>
                <button type="submit" name="intent" value="cancel" className="button button--secondary button--small">
                  {t("staffOps.outbox.cancel")}
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <StaffPage title={t("staffOps.outbox.title")}>
      {data?.done === "retried" ? <Notice kind="success">{t("staffOps.outbox.retried")}</Notice> : null}
      {data?.done === "cancelled" ? <Notice kind="success">{t("staffOps.outbox.cancelled")}</Notice> : null}
      <dl className="figures">
        <dt>{t("staffOps.dashboard.queued")}</dt>
        <dd>{n(health.queued)}</dd>
        <dt>{t("staffOps.dashboard.failed")}</dt>
        <dd>{n(health.failed)}</dd>
        <dt>{t("staffOps.dashboard.sentDay")}</dt>
        <dd>{n(health.sentLastDay)}</dd>
      </dl>
      <h2>{t("staffOps.outbox.failedList")}</h2>
      {failed.length ? table(failed, false) : <p>{t("staffOps.outbox.noFailed")}</p>}
      <h2>{t("staffOps.outbox.queuedList")}</h2>
      {queued.length ? table(queued, true) : <p>{t("staffOps.outbox.noQueued")}</p>}
    </StaffPage>
  );
}
