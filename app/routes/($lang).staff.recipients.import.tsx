// Importing recipients (staff): upload a CSV file or the UN Blue Book's JSON, see what would happen (rows to
// add, changes field by field, problems by row), then apply exactly that plan. Nothing is stored between the
// two steps: the preview page carries the file's content in a hidden field, and applying parses and plans it
// again and refuses when the plan differs from the one previewed (the data changed meanwhile). The server
// allows this path larger request bodies (5 MB, app/server/index.ts).
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type Locale, type MessageKey } from "~/i18n";
import type { ImportFormat, MissionKind } from "~/letters/importer.server";
import {
  applyRecipientsImport,
  previewRecipientsImport,
  type ImportCounts,
  type ImportFormatChoice,
  type ImportPreview,
} from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { countryNames } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

const maxFileBytes = 5_000_000;
const countKeys = ["toAdd", "toChange", "unchanged", "skipped", "problems"] as const;

/** Problem codes of app/letters/importer.server.ts that the catalogue explains ("*.too-long" share one text). */
const problemCodes = [
  "file.unreadable",
  "file.empty",
  "column.duplicate",
  "column.missing",
  "kind.invalid",
  "kind.missing",
  "country.unknown",
  "country.not-member",
  "country.missing",
  "country.not-in-database",
  "key.missing",
  "key.invalid",
  "key.unexpected",
  "name_en.missing",
  "email.invalid",
  "address.missing",
  "website.invalid",
  "status.invalid",
  "row.duplicate",
  "row.invalid",
  "field.invalid",
  "category.missing",
];

/** Fields of a planned change that the catalogue names (others are shown as they are in the file). */
const fieldNames = ["name_en", "name_fa", "salutation_en", "salutation_fa", "email", "postal_address", "phone", "website", "status", "country", "demo", "source"];

function problemKey(code: string): MessageKey {
  if (code.endsWith(".too-long")) return "staffLetters.problem.tooLong";
  return (problemCodes.includes(code) ? `staffLetters.problem.${code}` : "staffLetters.problem.other") as MessageKey;
}

function previewData(preview: ImportPreview, locale: Locale, source: { content: string; filename: string; kind: MissionKind }) {
  const names = countryNames(db(), locale);
  const { plan } = preview;
  const who = (r: { kind: string; country: string | null; key: string | null; nameEn: string; nameFa: string | null }) => ({
    kind: r.kind,
    state: r.country ? (names.get(r.country) ?? r.country) : null,
    key: r.key,
    name: (locale === "fa" && r.nameFa) || r.nameEn,
  });
  const canApply = preview.counts.toAdd + preview.counts.toChange > 0;
  return {
    step: "preview" as const,
    format: preview.format,
    kind: source.kind,
    filename: source.filename,
    counts: preview.counts,
    fingerprint: preview.fingerprint,
    // The file goes back to the browser only when there is something to apply.
    content: canApply ? source.content : null,
    toAdd: plan.toAdd.map((r) => ({ row: r.row, ...who(r), email: r.email })),
    toChange: plan.toChange.map((c) => ({
      row: c.row.row,
      ...who(c.row),
      changes: c.changes.map((ch) => ({ ...ch, label: fieldNames.includes(ch.field) ? (`staffLetters.field.${ch.field}` as MessageKey) : null })),
    })),
    unchanged: plan.unchanged.map((u) => ({ row: u.row.row, ...who(u.row) })),
    skipped: plan.skipped,
    problems: plan.problems.map((p) => ({ row: p.row, field: p.field, message: p.message, key: problemKey(p.code) })),
  };
}

type PreviewData = ReturnType<typeof previewData>;
type ActionData = { step: "upload"; error: MessageKey } | (PreviewData & { error: MessageKey | null });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "recipients.manage");
  requireLocale(params, request);
  const url = new URL(request.url);
  const added = Number(url.searchParams.get("added"));
  const changed = Number(url.searchParams.get("changed"));
  return staffJson({ applied: url.searchParams.has("added") ? { added: added || 0, changed: changed || 0 } : null, maxFileBytes });
}

function readText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return staffJson<ActionData>({ step: "upload", error: "staffLetters.import.error.tooLarge" }, { status: 413 });
    return staffJson<ActionData>({ step: "upload", error: "staffLetters.import.error.noFile" }, { status: 400 });
  }
  const database = db();
  const kind: MissionKind = readText(form, "kind") === "geneva" ? "mission_geneva" : "mission_ny";
  const intent = readText(form, "intent");

  if (intent === "preview") {
    const choice = readText(form, "format");
    const format: ImportFormatChoice = choice === "csv" || choice === "bluebook" ? choice : "auto";
    const file = form.get("file");
    if (!file || typeof file === "string" || file.size === 0) return staffJson<ActionData>({ step: "upload", error: "staffLetters.import.error.noFile" }, { status: 400 });
    const buffer = Buffer.from(await file.arrayBuffer());
    const preview = previewRecipientsImport(database, { content: buffer, format, kind, filename: file.name });
    const content = new TextDecoder("utf-8").decode(buffer);
    return staffJson<ActionData>({ ...previewData(preview, locale, { content, filename: file.name, kind }), error: null });
  }

  if (intent === "apply") {
    const content = readText(form, "content");
    const formatText = readText(form, "format");
    if (!content || (formatText !== "csv" && formatText !== "bluebook")) {
      return staffJson<ActionData>({ step: "upload", error: "staffLetters.import.error.noFile" }, { status: 400 });
    }
    const format: ImportFormat = formatText;
    const filename = readText(form, "filename");
    const counts = Object.fromEntries(countKeys.map((k) => [k, Number(readText(form, `count-${k}`))])) as unknown as ImportCounts;
    const input = { content, format, kind, filename };
    const result = applyRecipientsImport(
      database,
      input,
      { counts, fingerprint: readText(form, "fingerprint") },
      { skipInvalid: readText(form, "skipInvalid") === "on" },
      { userId: user.id, ipHash: staffIpHash(context.clientIp) },
    );
    if (result.status === "applied") {
      pageCache.purge();
      return redirect(`${localizePath(locale, "/staff/recipients/import")}?added=${result.added}&changed=${result.changed}`, { status: 303, headers: staffNoStore });
    }
    const again = previewData(previewRecipientsImport(database, input), locale, { content, filename, kind });
    const error: MessageKey =
      result.status === "stale" ? "staffLetters.import.error.stale" : result.status === "refused" ? "staffLetters.import.error.refused" : "staffLetters.import.error.failed";
    return staffJson<ActionData>({ ...again, error }, { status: result.status === "refused" ? 400 : 409 });
  }
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffLetters.import.title")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function ImportRecipients() {
  const { applied, maxFileBytes: maxBytes } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, tk, n, href } = useI18n();
  const uploadError = data && data.step === "upload" ? data.error : null;
  const preview = data && data.step === "preview" ? data : null;
  return (
    <StaffPage title={t("staffLetters.import.title")} actions={<Link to={href("/staff/recipients")}>{t("staffLetters.recipient.back")}</Link>}>
      {applied && !data ? (
        <Notice kind="success">{t("staffLetters.import.applied", { added: n(applied.added), changed: n(applied.changed) })}</Notice>
      ) : null}
      <p className="section-note">{t("staffLetters.import.intro")}</p>

      {preview ? <PreviewSection preview={preview} /> : null}

      <section aria-labelledby="upload-heading" className="staff-section">
        <h2 id="upload-heading">{preview ? t("staffLetters.import.uploadAnother") : t("staffLetters.import.upload")}</h2>
        <Form method="post" encType="multipart/form-data" className="staff-form" noValidate>
          <input type="hidden" name="intent" value="preview" />
          <Field
            id="import-file"
            label={t("staffLetters.import.file")}
            hint={t("staffLetters.import.fileHint", { max: n(maxBytes / 1_000_000) })}
            error={uploadError ? tk(uploadError) : null}
          >
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.json,text/csv,application/json"
              aria-invalid={uploadError ? true : undefined}
              aria-describedby={describedBy("import-file", true, uploadError)}
            />
          </Field>
          <Field id="import-format" label={t("staffLetters.import.format")}>
            <select id="import-format" name="format" defaultValue="auto">
              <option value="auto">{t("staffLetters.import.format.auto")}</option>
              <option value="csv">{t("staffLetters.import.format.csv")}</option>
              <option value="bluebook">{t("staffLetters.import.format.bluebook")}</option>
            </select>
          </Field>
          <fieldset className="field choices" aria-describedby="import-kind-hint">
            <legend>{t("staffLetters.import.kind")}</legend>
            <p className="field__hint" id="import-kind-hint">
              {t("staffLetters.import.kindHint")}
            </p>
            <div className="choice">
              <input id="import-kind-ny" type="radio" name="kind" value="ny" defaultChecked />
              <label htmlFor="import-kind-ny">{t("staffLetters.kind.mission_ny")}</label>
            </div>
            <div className="choice">
              <input id="import-kind-geneva" type="radio" name="kind" value="geneva" />
              <label htmlFor="import-kind-geneva">{t("staffLetters.kind.mission_geneva")}</label>
            </div>
          </fieldset>
          <button type="submit" className="button button--primary">
            {t("staffLetters.import.previewButton")}
          </button>
        </Form>
      </section>
    </StaffPage>
  );
}

function Who({ r }: { r: { kind: string; state: string | null; key: string | null } }) {
  const { tk } = useI18n();
  return (
    <>
      {tk(`staffLetters.kind.${r.kind}` as MessageKey)}
      {r.state ? `: ${r.state}` : null}
      {r.key ? (
        <>
          {" "}
          <code dir="ltr">{r.key}</code>
        </>
      ) : null}
    </>
  );
}

function PreviewSection({ preview }: { preview: PreviewData & { error: MessageKey | null } }) {
  const { t, tk, n } = useI18n();
  const { counts } = preview;
  const rowLabel = (row: number) => (row === 0 ? t("staffLetters.import.wholeFile") : n(row));
  const shown = (value: string | null) => (value === null || value === "" ? t("staffLetters.import.empty") : <bdi>{value}</bdi>);
  return (
    <section aria-labelledby="preview-heading" className="staff-section">
      <h2 id="preview-heading">{t("staffLetters.import.previewHeading", { file: preview.filename || "—" })}</h2>
      {preview.error ? <Notice kind="error">{tk(preview.error)}</Notice> : null}
      <p>{t(preview.format === "csv" ? "staffLetters.import.readAsCsv" : "staffLetters.import.readAsBluebook")}</p>
      <ul>
        <li>{t("staffLetters.import.count.toAdd", { count: n(counts.toAdd) })}</li>
        <li>{t("staffLetters.import.count.toChange", { count: n(counts.toChange) })}</li>
        <li>{t("staffLetters.import.count.unchanged", { count: n(counts.unchanged) })}</li>
        <li>{t("staffLetters.import.count.skipped", { count: n(counts.skipped) })}</li>
        <li>{t("staffLetters.import.count.problems", { count: n(counts.problems) })}</li>
      </ul>

      {preview.problems.length ? (
        <table className="staff-table">
          <caption>{t("staffLetters.import.problems")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.import.row")}</th>
              <th scope="col">{t("staffLetters.import.field")}</th>
              <th scope="col">{t("staffLetters.import.problem")}</th>
              <th scope="col">{t("staffLetters.import.details")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.problems.map((p, i) => (
              <tr key={i}>
                <th scope="row">{rowLabel(p.row)}</th>
                <td>{p.field ? <code dir="ltr">{p.field}</code> : "—"}</td>
                <td>{tk(p.key)}</td>
                <td lang="en" dir="ltr">
                  {p.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {preview.toAdd.length ? (
        <table className="staff-table">
          <caption>{t("staffLetters.import.toAdd")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.import.row")}</th>
              <th scope="col">{t("staffLetters.import.recipient")}</th>
              <th scope="col">{t("staffLetters.recipients.name")}</th>
              <th scope="col">{t("staffLetters.recipients.email")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.toAdd.map((r) => (
              <tr key={r.row}>
                <th scope="row">{rowLabel(r.row)}</th>
                <td>
                  <Who r={r} />
                </td>
                <td>{r.name}</td>
                <td dir="ltr">{r.email ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {preview.toChange.length ? (
        <table className="staff-table">
          <caption>{t("staffLetters.import.toChange")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.import.row")}</th>
              <th scope="col">{t("staffLetters.import.recipient")}</th>
              <th scope="col">{t("staffLetters.import.changes")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.toChange.map((c) => (
              <tr key={c.row}>
                <th scope="row">{rowLabel(c.row)}</th>
                <td>
                  <Who r={c} />
                  <br />
                  {c.name}
                </td>
                <td>
                  <ul>
                    {c.changes.map((ch) => (
                      <li key={ch.field}>
                        {ch.label ? tk(ch.label) : <code dir="ltr">{ch.field}</code>}: {shown(ch.from)} → {shown(ch.to)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {preview.unchanged.length ? (
        <details>
          <summary>{t("staffLetters.import.unchanged", { count: n(preview.unchanged.length) })}</summary>
          <ul>
            {preview.unchanged.map((u) => (
              <li key={u.row}>
                {t("staffLetters.import.rowN", { row: n(u.row) })}: <Who r={u} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {preview.skipped.length ? (
        <table className="staff-table">
          <caption>{t("staffLetters.import.skipped")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.import.row")}</th>
              <th scope="col">{t("staffLetters.import.details")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.skipped.map((s) => (
              <tr key={s.row}>
                <th scope="row">{rowLabel(s.row)}</th>
                <td lang="en" dir="ltr">
                  {s.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {preview.content !== null ? (
        <Form method="post" encType="multipart/form-data" className="staff-form">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="format" value={preview.format} />
          <input type="hidden" name="kind" value={preview.kind === "mission_geneva" ? "geneva" : "ny"} />
          <input type="hidden" name="filename" value={preview.filename} />
          <input type="hidden" name="fingerprint" value={preview.fingerprint} />
          {countKeys.map((k) => (
            <input key={k} type="hidden" name={`count-${k}`} value={counts[k]} />
          ))}
          <textarea name="content" hidden readOnly aria-hidden="true" tabIndex={-1} defaultValue={preview.content} />
          {counts.problems ? (
            <div className="choice">
              <input id="import-skipInvalid" type="checkbox" name="skipInvalid" />
              <label htmlFor="import-skipInvalid">{t("staffLetters.import.skipInvalid", { count: n(counts.problems) })}</label>
            </div>
          ) : null}
          <p className="section-note">{t("staffLetters.import.applyNote")}</p>
          <button type="submit" className="button button--primary">
            {t("staffLetters.import.apply", { add: n(counts.toAdd), change: n(counts.toChange) })}
          </button>
        </Form>
      ) : (
        <p>{t("staffLetters.import.nothing")}</p>
      )}
    </section>
  );
}
