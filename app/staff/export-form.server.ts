// Reading the export form (filters, columns, format), shared by the exports page (counting) and the
// download route.
import type { MessageKey } from "~/i18n";
import { isIsoDate } from "./content.server";
import { exportColumns, exportStatuses, type ExportColumn, type ExportFilters } from "./exports.server";

export type ExportFormErrors = Partial<Record<"statuses" | "columns" | "from" | "to" | "countries", MessageKey>>;

export function readExportForm(form: FormData, petitionId: number) {
  const errors: ExportFormErrors = {};
  const statuses = form.getAll("statuses").filter((s): s is ExportFilters["statuses"][number] => (exportStatuses as readonly unknown[]).includes(s));
  if (!statuses.length) errors.statuses = "staffOps.exports.noStatus";
  const countriesText = String(form.get("countries") ?? "").trim().toUpperCase();
  const countries = countriesText ? countriesText.split(/[\s,]+/).filter(Boolean) : [];
  if (countries.some((c) => !/^[A-Z]{2}$/.test(c))) errors.countries = "staffOps.exports.badCountries";
  const day = (name: "from" | "to") => {
    const value = String(form.get(name) ?? "");
    if (!value) return undefined;
    // A real calendar day: Date.parse would take 2026-02-31 for 3 March.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isIsoDate(value)) {
      errors[name] = "staffOps.exports.badDate";
      return undefined;
    }
    const date = new Date(`${value}T00:00:00Z`);
    // "to" is inclusive for people: the range ends at the start of the following day.
    return name === "to" ? new Date(date.getTime() + 86_400_000) : date;
  };
  const tri = (name: string) => (form.get(name) === "yes" ? true : form.get(name) === "no" ? false : undefined);
  const filters: ExportFilters = {
    petitionId,
    statuses,
    countries: errors.countries ? [] : countries,
    from: day("from"),
    to: day("to"),
    wantsUpdates: tri("wantsUpdates"),
    showPublicly: tri("showPublicly"),
  };
  const columns = form.getAll("columns").filter((c): c is ExportColumn => (exportColumns as readonly unknown[]).includes(c));
  if (!columns.length) errors.columns = "staffOps.exports.noColumn";
  const values = {
    statuses: form.getAll("statuses").map(String),
    columns: form.getAll("columns").map(String),
    countries: String(form.get("countries") ?? ""),
    from: String(form.get("from") ?? ""),
    to: String(form.get("to") ?? ""),
    wantsUpdates: String(form.get("wantsUpdates") ?? ""),
    showPublicly: String(form.get("showPublicly") ?? ""),
    format: String(form.get("format") ?? "csv"),
    bom: form.get("bom") === "on",
  };
  return { filters, columns, errors, values, format: form.get("format") === "jsonl" ? ("jsonl" as const) : ("csv" as const), bom: values.bom };
}

export function fileStamp(now = new Date()) {
  return now.toISOString().slice(0, 16).replace(/[-:T]/g, "");
}
