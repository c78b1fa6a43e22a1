// Editing a petition: its title, addressee and text in one content language (?content=en|fa, independent of the
// interface language), and its goal, status and opening/closing times, which are the same in every language.
// Both forms carry what they were loaded with (the translation's version, the settings' token); a save that finds
// a newer one is refused and shows both versions.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localeInfo, localizePath, translate, useI18n, type Locale } from "~/i18n";
import {
  getPetitionForEditing,
  goalRange,
  parseContentLocale,
  savePetitionSettings,
  savePetitionText,
  type FieldError,
  type FieldErrors,
} from "~/staff/content.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { renderMarkdown } from "~/utils/markdown.server";

type Values = Record<string, string>;
type Current = Record<string, string | number | boolean | null> & { version: number };

interface BlockState {
  block: "text" | "settings";
  values: Values;
  /** The translation's version, or the settings' token. */
  version: number;
  errors?: FieldErrors;
  conflict?: Current;
  preview?: string;
}

const textAnchor = "petition-text";
// The same list as the server's (a component may not use values from a .server module).
const statuses = ["draft", "open", "closed"] as const;
const settingsAnchor = "petition-settings";

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: staffNoStore });
}

function badRequest(): Response {
  return new Response("Bad request", { status: 400, headers: staffNoStore });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "petitions.manage");
  requireLocale(params, request);
  const url = new URL(request.url);
  const contentLocale = parseContentLocale(url.searchParams.get("content"));
  const data = getPetitionForEditing(db(), params.slug ?? "", contentLocale);
  if (!data) throw notFound();
  const saved = url.searchParams.get("saved");
  return staffJson({ ...data, goalRange, saved: saved === textAnchor || saved === settingsAnchor ? saved : null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "petitions.manage");
  const locale = requireLocale(params, request);
  const slug = params.slug ?? "";
  const contentLocale = parseContentLocale(new URL(request.url).searchParams.get("content"));
  const database = db();
  const found = getPetitionForEditing(database, slug, contentLocale);
  if (!found) throw notFound();
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const block = text("block");
  const version = Number(text("version"));
  if (!Number.isSafeInteger(version) || version < 0) throw badRequest();
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  const done = (anchor: string) =>
    redirect(`${localizePath(locale, `/staff/petitions/${slug}`)}?content=${contentLocale}&saved=${anchor}#${anchor}`, { status: 303, headers: staffNoStore });

  if (block === "text") {
    const values = { title: text("title"), addressee: text("addressee"), bodyMd: text("bodyMd") };
    const state: BlockState = { block, values, version };
    if (text("intent") === "preview") return staffJson<BlockState>({ ...state, preview: renderMarkdown(values.bodyMd.replace(/\r\n?/g, "\n")) });
    const result = savePetitionText(database, { petitionId: found.petition.id, locale: contentLocale, ...values, version }, actor);
    if (result.ok) return done(textAnchor);
    if ("notFound" in result) throw notFound();
    if ("errors" in result) return staffJson<BlockState>({ ...state, errors: result.errors }, { status: 400 });
    return staffJson<BlockState>({ ...state, version: result.conflict.version, conflict: result.conflict }, { status: 409 });
  }
  if (block === "settings") {
    const values = { goal: text("goal"), status: text("status"), opensAt: text("opensAt"), closesAt: text("closesAt") };
    const state: BlockState = { block, values, version };
    const result = savePetitionSettings(database, { petitionId: found.petition.id, ...values, token: version }, actor);
    if (result.ok) return done(settingsAnchor);
    if ("notFound" in result) throw notFound();
    if ("errors" in result) return staffJson<BlockState>({ ...state, errors: result.errors }, { status: 400 });
    const current = result.conflict;
    return staffJson<BlockState>({ ...state, version: current.token, conflict: { ...current, version: current.token } }, { status: 409 });
  }
  throw badRequest();
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location, params }) => {
  const locale = localeFromPath(location.pathname);
  const title = translate(locale, "staffContent.petition.title", { slug: params.slug ?? "" });
  return [{ title: `${title} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

// ---- page ------------------------------------------------------------------------------------------------

/** An ISO instant as the value of a date-time input, in UTC ("2026-05-01T09:30"). */
function dateTimeValue(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : "";
}

function useErrorText() {
  const { t, n } = useI18n();
  return (error: FieldError | undefined): string | null => {
    if (!error) return null;
    switch (error.code) {
      case "required":
        return t("staffContent.error.required");
      case "tooLong":
        return t("staffContent.error.tooLong", { max: n(error.max ?? 0) });
      case "control":
        return t("staffContent.error.control");
      case "url":
        return t("staffContent.error.url");
      case "isoDate":
        return t("staffContent.error.isoDate", { example: "1988-12-30" });
      case "goal":
        return t("staffContent.error.goal", { min: n(error.min ?? 0), max: n(error.max ?? 0) });
      case "status":
        return t("staffContent.error.status");
      case "dateTime":
        return t("staffContent.error.dateTime");
      case "closesBeforeOpens":
        return t("staffContent.error.closesBeforeOpens");
    }
  };
}

function TextBlock({
  translation,
  contentLocale,
  formAction,
  state,
  saved,
}: {
  translation: { title: string; addressee: string; bodyMd: string; version: number } | null;
  contentLocale: Locale;
  formAction: string;
  state: BlockState | undefined;
  saved: boolean;
}) {
  const { t, n } = useI18n();
  const errorText = useErrorText();
  const mine = state?.block === "text" ? state : undefined;
  const errors = mine?.errors ?? {};
  const dir = localeInfo[contentLocale].dir;
  const language = t(`staffContent.language.${contentLocale}`);
  const version = mine ? mine.version : (translation?.version ?? 0);
  const fields = [
    { name: "title", label: t("staffContent.field.title"), multiline: false, saved: translation?.title ?? "" },
    { name: "addressee", label: t("staffContent.field.addressee"), multiline: false, saved: translation?.addressee ?? "" },
    { name: "bodyMd", label: t("staffContent.field.body"), multiline: true, hint: t("staffContent.markdownHint"), saved: translation?.bodyMd ?? "" },
  ];
  return (
    <section id={textAnchor} aria-labelledby={`${textAnchor}--title`} className="staff-section">
      <h2 id={`${textAnchor}--title`}>{t("staffContent.petition.text")}</h2>
      {saved && !mine ? <Notice kind="success">{t("staffContent.saved")}</Notice> : null}
      {mine?.conflict ? <Notice kind="error">{t("staffContent.conflict")}</Notice> : null}
      {Object.keys(errors).length ? <Notice kind="error">{t("staffContent.errorSummary")}</Notice> : null}
      {translation ? null : <p className="section-note">{t("staffContent.missingTranslation", { language })}</p>}
      <Form method="post" action={formAction} encType="multipart/form-data" className="staff-form">
        <input type="hidden" name="block" value="text" />
        <input type="hidden" name="version" value={version} />
        {fields.map((f) => {
          const id = `${textAnchor}-${f.name}`;
          const error = errorText(errors[f.name]);
          const props = {
            id,
            name: f.name,
            defaultValue: mine ? (mine.values[f.name] ?? "") : f.saved,
            "aria-describedby": describedBy(id, f.hint, error),
            "aria-invalid": error ? true : undefined,
            lang: contentLocale,
            dir,
          };
          return (
            <Field key={f.name} id={id} label={f.label} hint={f.hint} error={error}>
              {f.multiline ? <textarea rows={16} {...props} /> : <input type="text" {...props} />}
            </Field>
          );
        })}
        <div className="inline-form">
          <button type="submit" name="intent" value="save" className="button button--primary">
            {t("staffContent.save")}
          </button>
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            {t("staffContent.preview")}
          </button>
          {version ? <span className="section-note">{t("staffContent.version", { version: n(version) })}</span> : null}
        </div>
      </Form>

      {mine?.preview !== undefined ? (
        <section className="staff-section" aria-labelledby={`${textAnchor}--preview`}>
          <h3 id={`${textAnchor}--preview`}>{t("staffContent.preview.title")}</h3>
          <p className="section-note">{t("staffContent.preview.note")}</p>
          <div className="prose" lang={contentLocale} dir={dir} dangerouslySetInnerHTML={{ __html: mine.preview }} />
        </section>
      ) : null}

      {mine?.conflict ? (
        <section className="staff-section staff-form" aria-labelledby={`${textAnchor}--current`}>
          <h3 id={`${textAnchor}--current`}>{t("staffContent.conflict.current", { version: n(mine.conflict.version) })}</h3>
          {fields.map((f) => {
            const id = `${textAnchor}-${f.name}-current`;
            const props = { id, readOnly: true, defaultValue: String(mine.conflict?.[f.name] ?? ""), lang: contentLocale, dir };
            return (
              <Field key={f.name} id={id} label={t("staffContent.conflict.field", { label: f.label })}>
                {f.multiline ? <textarea rows={16} {...props} /> : <input type="text" {...props} />}
              </Field>
            );
          })}
        </section>
      ) : null}
    </section>
  );
}

function SettingsBlock({
  settings,
  formAction,
  state,
  saved,
  range,
}: {
  settings: { goal: number; status: string; opensAt: string | null; closesAt: string | null; token: number };
  formAction: string;
  state: BlockState | undefined;
  saved: boolean;
  range: { min: number; max: number };
}) {
  const { t, n } = useI18n();
  const errorText = useErrorText();
  const mine = state?.block === "settings" ? state : undefined;
  const errors = mine?.errors ?? {};
  const values: Values = mine
    ? mine.values
    : { goal: String(settings.goal), status: settings.status, opensAt: dateTimeValue(settings.opensAt), closesAt: dateTimeValue(settings.closesAt) };
  const token = mine ? mine.version : settings.token;
  const goalHint = t("staffContent.field.goal.hint", { min: n(range.min), max: n(range.max) });
  const statusHint = t("staffContent.field.status.hint");
  const timeHint = t("staffContent.field.dateTime.hint");
  const id = (name: string) => `${settingsAnchor}-${name}`;
  const errorOf = (name: string) => errorText(errors[name]);
  const statusName = (s: string) => t(`staffContent.petitionStatus.${(statuses as readonly string[]).includes(s) ? (s as "open") : "draft"}`);
  const shownTime = (iso: string | number | boolean | null | undefined) =>
    typeof iso === "string" && iso ? `${dateTimeValue(iso).replace("T", " ")} UTC` : t("staffContent.notSet");
  return (
    <section id={settingsAnchor} aria-labelledby={`${settingsAnchor}--title`} className="staff-section">
      <h2 id={`${settingsAnchor}--title`}>{t("staffContent.petition.settings")}</h2>
      {saved && !mine ? <Notice kind="success">{t("staffContent.saved")}</Notice> : null}
      {mine?.conflict ? <Notice kind="error">{t("staffContent.conflict")}</Notice> : null}
      {Object.keys(errors).length ? <Notice kind="error">{t("staffContent.errorSummary")}</Notice> : null}
      <Form method="post" action={formAction} className="staff-form">
        <input type="hidden" name="block" value="settings" />
        <input type="hidden" name="version" value={token} />
        <Field id={id("goal")} label={t("staffContent.field.goal")} hint={goalHint} error={errorOf("goal")}>
          <input
            id={id("goal")}
            name="goal"
            type="text"
            inputMode="numeric"
            dir="ltr"
            defaultValue={values.goal}
            aria-describedby={describedBy(id("goal"), goalHint, errorOf("goal"))}
            aria-invalid={errorOf("goal") ? true : undefined}
          />
        </Field>
        <Field id={id("status")} label={t("staffContent.field.status")} hint={statusHint} error={errorOf("status")}>
          <select
            id={id("status")}
            name="status"
            defaultValue={values.status}
            aria-describedby={describedBy(id("status"), statusHint, errorOf("status"))}
            aria-invalid={errorOf("status") ? true : undefined}
          >
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusName(s)}
              </option>
            ))}
          </select>
        </Field>
        {(["opensAt", "closesAt"] as const).map((name) => (
          <Field key={name} id={id(name)} label={t(`staffContent.field.${name}`)} hint={timeHint} error={errorOf(name)}>
            <input
              id={id(name)}
              name={name}
              type="datetime-local"
              dir="ltr"
              defaultValue={values[name]}
              aria-describedby={describedBy(id(name), timeHint, errorOf(name))}
              aria-invalid={errorOf(name) ? true : undefined}
            />
          </Field>
        ))}
        <button type="submit" className="button button--primary">
          {t("staffContent.save")}
        </button>
      </Form>

      {mine?.conflict ? (
        <section className="staff-section" aria-labelledby={`${settingsAnchor}--current`}>
          <h3 id={`${settingsAnchor}--current`}>{t("staffContent.conflict.current", { version: n(mine.conflict.version) })}</h3>
          <dl>
            <dt>{t("staffContent.field.goal")}</dt>
            <dd>{n(Number(mine.conflict.goal))}</dd>
            <dt>{t("staffContent.field.status")}</dt>
            <dd>{statusName(String(mine.conflict.status))}</dd>
            <dt>{t("staffContent.field.opensAt")}</dt>
            <dd dir="ltr">{shownTime(mine.conflict.opensAt)}</dd>
            <dt>{t("staffContent.field.closesAt")}</dt>
            <dd dir="ltr">{shownTime(mine.conflict.closesAt)}</dd>
          </dl>
        </section>
      ) : null}
    </section>
  );
}

export default function EditPetition() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as BlockState | undefined;
  const { t, href } = useI18n();
  const { petition, settings, translation } = data;
  const contentLocale = data.locale;
  const language = t(`staffContent.language.${contentLocale}`);
  const path = href(`/staff/petitions/${petition.slug}`);
  const formAction = `${path}?content=${contentLocale}`;
  return (
    <StaffPage title={t("staffContent.petition.title", { slug: petition.slug })}>
      <p>
        <Link to={`${href(`/staff/campaigns/${petition.campaignSlug}`)}?content=${contentLocale}`}>{t("staffContent.petition.back")}</Link>
        {settings.status !== "draft" ? (
          <>
            {" · "}
            <a href={localizePath(contentLocale, `/petitions/${petition.slug}`)}>{t("staffContent.campaign.viewPublic", { language })}</a>
          </>
        ) : null}
      </p>
      {settings.status === "draft" ? <Notice>{t("staffContent.petition.draftNote")}</Notice> : null}

      <nav aria-labelledby="content-language" className="staff-section">
        <h2 id="content-language">{t("staffContent.contentLanguage")}</h2>
        <p className="field__hint">{t("staffContent.contentLanguage.hint")}</p>
        <ul>
          {(["en", "fa"] as const).map((l) => (
            <li key={l}>
              {l === contentLocale ? (
                <strong aria-current="true">{t(`staffContent.language.${l}`)}</strong>
              ) : (
                <Link to={`${path}?content=${l}`}>{t(`staffContent.language.${l}`)}</Link>
              )}
            </li>
          ))}
        </ul>
        <p>
          <strong>{t("staffContent.editingIn", { language })}</strong> {t("staffContent.requiredNote")}
        </p>
      </nav>

      <TextBlock translation={translation} contentLocale={contentLocale} formAction={formAction} state={state} saved={data.saved === textAnchor} />
      <SettingsBlock settings={settings} formAction={formAction} state={state} saved={data.saved === settingsAnchor} range={data.goalRange} />
    </StaffPage>
  );
}
