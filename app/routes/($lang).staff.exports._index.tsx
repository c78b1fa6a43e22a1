// Signature exports (the form; downloads are served by staff.exports.download): filters and columns, CSV (with an optional byte-order mark for Excel) or JSON Lines,
// streamed as they are read; and the delivery files for the United Nations. Every export needs a two-factor
// code given within the last minutes and writes an audit entry (who, when, filters, number of rows).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n";
import { countExportRows, exportColumns, exportStatuses, type ExportColumn } from "~/staff/exports.server";
import { readExportForm, type ExportFormErrors as Errors } from "~/staff/export-form.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { choosePetition } from "~/staff/petition-choice.server";
import { requireStaff } from "~/staff/session.server";
import { Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";

const defaultColumns: ExportColumn[] = ["name", "email", "country", "confirmed_at"];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "exports.run", { recentTwoFactor: true });
  const { petitions, petition } = choosePetition(request);
  return staffJson({ petitions: petitions.map((p) => p.slug), petition: petition?.slug ?? null });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request, "exports.run", { recentTwoFactor: true });
  const form = await request.formData();
  const { petitions } = choosePetition(request);
  const petition = petitions.find((p) => p.slug === form.get("petition")) ?? petitions[0];
  if (!petition) throw new Response("Not found", { status: 404, headers: staffNoStore });
  const { filters, columns, errors, values } = readExportForm(form, petition.id);
  void columns;
  if (Object.keys(errors).length) return staffJson({ errors, values, count: null }, { status: 400 });
  return staffJson({ errors, values, count: countExportRows(db(), filters) });
}

export const headers = () => staffNoStore;

export default function Exports() {
  const { petitions, petition } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, tk, n, href } = useI18n();
  const download = href("/staff/exports/download");
  const errors: Errors = data?.errors ?? {};
  const v = data?.values;
  const checkedStatus = (s: string) => (v ? v.statuses.includes(s) : s === "confirmed");
  const checkedColumn = (c: ExportColumn) => (v ? v.columns.includes(c) : defaultColumns.includes(c));
  const tri = (name: "wantsUpdates" | "showPublicly") => (
    <Field id={name} label={t(name === "wantsUpdates" ? "staffOps.exports.wantsUpdates" : "staffOps.exports.showPublicly")}>
      <select id={name} name={name} defaultValue={v?.[name] ?? ""}>
        <option value="">{t("staffOps.exports.either")}</option>
        <option value="yes">{t("staffOps.exports.yes")}</option>
        <option value="no">{t("staffOps.exports.no")}</option>
      </select>
    </Field>
  );
  if (!petition) return <StaffPage title={t("staffOps.exports.title")}>{null}</StaffPage>;
  return (
    <StaffPage title={t("staffOps.exports.title")}>
      <p className="notice">{t("staffOps.exports.intro")}</p>
      {data?.count !== null && data?.count !== undefined ? <Notice kind="success">{t("staffOps.exports.matching", { count: n(data.count) })}</Notice> : null}
      <Form method="post" className="staff-form" reloadDocument>
        <Field id="petition" label={t("staffOps.exports.petition")}>
          <select id="petition" name="petition" defaultValue={petition}>
            {petitions.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <fieldset className={`field${errors.statuses ? " field--error" : ""}`}>
          <legend>{t("staffOps.exports.statuses")}</legend>
          {errors.statuses ? <p className="field__error">{tk(errors.statuses)}</p> : null}
          {exportStatuses.map((s) => (
            <label key={s} className="inline-choice">
              <input type="checkbox" name="statuses" value={s} defaultChecked={checkedStatus(s)} /> {t(`staffOps.signatures.status.${s}` as "staffOps.signatures.status.pending")}
            </label>
          ))}
        </fieldset>
        <Field id="countries" label={t("staffOps.exports.countries")} error={errors.countries ? tk(errors.countries) : null}>
          <input id="countries" name="countries" dir="ltr" defaultValue={v?.countries ?? ""} />
        </Field>
        <Field id="from" label={t("staffOps.exports.from")} error={errors.from ? tk(errors.from) : null}>
          <input id="from" name="from" type="date" defaultValue={v?.from ?? ""} />
        </Field>
        <Field id="to" label={t("staffOps.exports.to")} error={errors.to ? tk(errors.to) : null}>
          <input id="to" name="to" type="date" defaultValue={v?.to ?? ""} />
        </Field>
        {tri("wantsUpdates")}
        {tri("showPublicly")}
        <fieldset className={`field${errors.columns ? " field--error" : ""}`}>
          <legend>{t("staffOps.exports.columns")}</legend>
          {errors.columns ? <p className="field__error">{tk(errors.columns)}</p> : null}
          {exportColumns.map((c) => (
            <label key={c} className="inline-choice" dir="ltr">
              <input type="checkbox" name="columns" value={c} defaultChecked={checkedColumn(c)} /> {c}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t("staffOps.exports.format")}</legend>
          <label className="inline-choice">
            <input type="radio" name="format" value="csv" defaultChecked={(v?.format ?? "csv") === "csv"} /> {t("staffOps.exports.csv")}
          </label>
          <label className="inline-choice">
            <input type="radio" name="format" value="jsonl" defaultChecked={v?.format === "jsonl"} /> {t("staffOps.exports.jsonl")}
          </label>
        </fieldset>
        <div className="choice">
          <input id="bom" type="checkbox" name="bom" defaultChecked={v ? v.bom : true} />
          <label htmlFor="bom">{t("staffOps.exports.bom")}</label>
        </div>
        <div className="inline-form">
          <button type="submit" name="intent" value="count" className="button button--secondary">
            {t("staffOps.exports.count")}
          </button>
          <button type="submit" name="intent" value="signatures" formAction={download} className="button button--primary">
            {t("staffOps.exports.download")}
          </button>
        </div>
      </Form>

      <section className="staff-section" aria-labelledby="delivery-heading">
        <h2 id="delivery-heading">{t("staffOps.exports.delivery")}</h2>
        <p>{t("staffOps.exports.deliveryIntro")}</p>
        <Form method="post" className="staff-form" reloadDocument>
          <input type="hidden" name="petition" value={petition} />
          <fieldset className="field">
            <legend>{t("site.languageNav")}</legend>
            <label className="inline-choice">
              <input type="radio" name="contentLocale" value="en" defaultChecked /> English
            </label>
            <label className="inline-choice" lang="fa">
              <input type="radio" name="contentLocale" value="fa" /> فارسی
            </label>
          </fieldset>
          <div className="choice">
            <input id="delivery-bom" type="checkbox" name="bom" defaultChecked />
            <label htmlFor="delivery-bom">{t("staffOps.exports.bom")}</label>
          </div>
          <div className="inline-form">
            <button type="submit" name="intent" value="delivery-list" formAction={download} className="button button--secondary">
              {t("staffOps.exports.deliveryList")}
            </button>
            <button type="submit" name="intent" value="delivery-counts" formAction={download} className="button button--secondary">
              {t("staffOps.exports.deliveryCounts")}
            </button>
          </div>
        </Form>
      </section>
    </StaffPage>
  );
}
