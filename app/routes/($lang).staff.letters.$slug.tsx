// One campaign's letter (staff): the rules (who supporters write to, limits) and the template in each language,
// with merge-field warnings and a preview filled on the server. Both are saved with a version check: a save
// over someone else's newer version is refused (409) and the submitted values are kept.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isLocale, localeFromPath, localeInfo, localizePath, locales, translate, useI18n, type Locale, type MessageKey } from "~/i18n";
import { listTargetGroups } from "~/letters/groups.server";
import { letterSettings } from "~/letters/letters.server";
import { mergeFields } from "~/letters/merge";
import {
  findLetterCampaign,
  letterTemplates,
  otherRecipients,
  previewLetterTemplate,
  saveLetterSettings,
  saveLetterTemplate,
  settingsLimits,
  settingsValues,
  settingsValuesFromForm,
  templateLimits,
  templateValuesFromForm,
  templateWarnings,
  type FieldErrors,
  type SettingsField,
  type SettingsValues,
  type StoredTemplate,
  type TemplateField,
  type TemplatePreview,
  type TemplateValues,
} from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { notFound, requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "letters.manage");
  const locale = requireLocale(params, request);
  const database = db();
  const campaign = findLetterCampaign(database, params.slug ?? "", locale);
  if (!campaign) throw notFound();
  const settings = letterSettings(database, campaign.id);
  const templates = letterTemplates(database, campaign.id);
  return staffJson({
    campaign,
    settings: settingsValues(settings),
    hasRules: settings.version > 0,
    groups: listTargetGroups(database).map((g) => ({ id: g.id, key: g.key, name: locale === "fa" ? g.nameFa : g.nameEn, members: g.members.length })),
    others: otherRecipients(database, locale),
    templates: locales.map((l) => ({ locale: l, stored: templates[l], warnings: templates[l] ? templateWarnings(templates[l]!) : [] })),
    limits: { settings: settingsLimits, template: templateLimits },
    saved: new URL(request.url).searchParams.get("saved"),
  });
}

type SettingsResult = { form: "settings"; values: SettingsValues; errors: FieldErrors<SettingsField>; conflict: boolean; current: SettingsValues | null };
type TemplateResult = {
  form: "template";
  locale: Locale;
  values: TemplateValues;
  errors: FieldErrors<TemplateField>;
  warnings: string[];
  conflict: boolean;
  current: StoredTemplate | null;
  preview: TemplatePreview | null;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "letters.manage");
  const locale = requireLocale(params, request);
  const database = db();
  const campaign = findLetterCampaign(database, params.slug ?? "", locale);
  if (!campaign) throw notFound();
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  const here = localizePath(locale, `/staff/letters/${campaign.slug}`);

  if (intent === "settings") {
    const values = settingsValuesFromForm(form);
    const result = saveLetterSettings(database, campaign.id, values, actor);
    if (result.status === "invalid") return staffJson<SettingsResult>({ form: "settings", values, errors: result.errors, conflict: false, current: null }, { status: 400 });
    if (result.status === "conflict") {
      const current = settingsValues(letterSettings(database, campaign.id));
      return staffJson<SettingsResult>({ form: "settings", values: { ...values, version: result.currentVersion }, errors: {}, conflict: true, current }, { status: 409 });
    }
    pageCache.purge();
    return redirect(`${here}?saved=settings`, { status: 303, headers: staffNoStore });
  }

  if (intent === "template" || intent === "preview") {
    const templateLocale = String(form.get("locale") ?? "");
    if (!isLocale(templateLocale)) throw new Response("Bad request", { status: 400, headers: staffNoStore });
    const values = templateValuesFromForm(form);
    const warnings = templateWarnings(values);
    const base = { form: "template" as const, locale: templateLocale, values, warnings, errors: {}, conflict: false, current: null, preview: null };
    if (intent === "preview") {
      return staffJson<TemplateResult>({ ...base, preview: previewLetterTemplate(database, templateLocale, values) });
    }
    const result = saveLetterTemplate(database, campaign.id, templateLocale, values, actor);
    if (result.status === "invalid") return staffJson<TemplateResult>({ ...base, errors: result.errors }, { status: 400 });
    if (result.status === "conflict") {
      const current = letterTemplates(database, campaign.id)[templateLocale];
      return staffJson<TemplateResult>({ ...base, values: { ...values, version: result.currentVersion }, conflict: true, current }, { status: 409 });
    }
    pageCache.purge();
    return redirect(`${here}?saved=template-${templateLocale}`, { status: 303, headers: staffNoStore });
  }
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction<typeof loader> = ({ location, data }) => {
  const locale = localeFromPath(location.pathname);
  const title = data ? translate(locale, "staffLetters.campaign.title", { campaign: data.campaign.title }) : translate(locale, "staffLetters.letters.title");
  return [{ title: `${title} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

/** The recipient modes of db/schema/letters.ts (the schema module stays on the server). */
const recipientModes = ["residence", "any_state", "group"] as const;

export default function StaffLetterCampaign() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tk, n, href } = useI18n();
  const settingsResult = result && result.form === "settings" ? result : null;
  const rangeOf = (field: "maxLength" | "maxStates" | "maxLettersPerSupporter") => data.limits.settings[field];
  const values = settingsResult?.values ?? data.settings;
  const errors: FieldErrors<SettingsField> = settingsResult?.errors ?? {};
  const rangeError = (field: "maxLength" | "maxStates" | "maxLettersPerSupporter") =>
    errors[field] ? tk(errors[field]!, { min: n(rangeOf(field).min), max: n(rangeOf(field).max) }) : null;
  const rangeHint = (field: "maxLength" | "maxStates" | "maxLettersPerSupporter") => t("staffLetters.settings.rangeHint", { min: n(rangeOf(field).min), max: n(rangeOf(field).max) });
  const savedTemplate = data.saved?.startsWith("template-") ? data.saved.slice("template-".length) : null;

  return (
    <StaffPage
      title={t("staffLetters.campaign.title", { campaign: data.campaign.title })}
      actions={<Link to={href("/staff/letters")}>{t("staffLetters.campaign.back")}</Link>}
    >
      <p className="section-note">
        {t("staffLetters.campaign.public")}{" "}
        <Link to={href(`/campaigns/${data.campaign.slug}/letters`)} dir="ltr">
          {href(`/campaigns/${data.campaign.slug}/letters`)}
        </Link>
      </p>

      <section aria-labelledby="rules-heading" className="staff-section">
        <h2 id="rules-heading">{t("staffLetters.settings.heading")}</h2>
        {data.saved === "settings" && !settingsResult ? <Notice kind="success">{t("staffLetters.settings.saved")}</Notice> : null}
        {!data.hasRules ? <p className="section-note">{t("staffLetters.settings.noRules")}</p> : null}
        {settingsResult?.conflict ? (
          <Notice kind="error">
            <p>{t("staffLetters.conflict")}</p>
            {settingsResult.current ? <SettingsSummary values={settingsResult.current} groups={data.groups} /> : null}
          </Notice>
        ) : null}
        {settingsResult && Object.keys(errors).length ? <Notice kind="error">{t("staffLetters.error.summary")}</Notice> : null}
        <Form method="post" className="staff-form" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <input type="hidden" name="version" value={values.version} />
          <fieldset className="field choices">
            <legend>{t("staffLetters.settings.availability")}</legend>
            <div className="choice">
              <input id="settings-enabled" type="checkbox" name="enabled" defaultChecked={values.enabled} />
              <label htmlFor="settings-enabled">{t("staffLetters.settings.enabled")}</label>
            </div>
            <div className="choice">
              <input id="settings-editable" type="checkbox" name="editable" defaultChecked={values.editable} />
              <label htmlFor="settings-editable">{t("staffLetters.settings.editable")}</label>
            </div>
          </fieldset>

          <Field id="settings-maxLength" label={t("staffLetters.settings.maxLength")} hint={rangeHint("maxLength")} error={rangeError("maxLength")}>
            <input
              id="settings-maxLength"
              name="maxLength"
              type="text"
              inputMode="numeric"
              defaultValue={values.maxLength}
              aria-invalid={errors.maxLength ? true : undefined}
              aria-describedby={describedBy("settings-maxLength", true, errors.maxLength)}
            />
          </Field>

          <fieldset
            className={`field choices${errors.recipientMode ? " field--error" : ""}`}
            aria-describedby={errors.recipientMode ? "settings-recipientMode-error" : undefined}
          >
            <legend>{t("staffLetters.settings.recipientMode")}</legend>
            {errors.recipientMode ? (
              <p className="field__error" id="settings-recipientMode-error">
                {tk(errors.recipientMode)}
              </p>
            ) : null}
            {recipientModes.map((mode) => (
              <div className="choice" key={mode}>
                <input id={`settings-mode-${mode}`} type="radio" name="recipientMode" value={mode} defaultChecked={values.recipientMode === mode} />
                <label htmlFor={`settings-mode-${mode}`}>{tk(`staffLetters.mode.${mode}.long` as MessageKey)}</label>
              </div>
            ))}
          </fieldset>

          <Field id="settings-groupId" label={t("staffLetters.settings.group")} hint={t("staffLetters.settings.groupHint")} error={errors.groupId ? tk(errors.groupId) : null}>
            <select
              id="settings-groupId"
              name="groupId"
              defaultValue={values.groupId}
              aria-invalid={errors.groupId ? true : undefined}
              aria-describedby={describedBy("settings-groupId", true, errors.groupId)}
            >
              <option value="">{t("staffLetters.settings.noGroup")}</option>
              {data.groups.map((g) => (
                <option key={g.id} value={String(g.id)}>
                  {t("staffLetters.settings.groupOption", { name: g.name, count: n(g.members) })}
                </option>
              ))}
            </select>
          </Field>
          <p className="section-note">
            <Link to={href("/staff/recipients/groups")}>{t("staffLetters.settings.manageGroups")}</Link>
          </p>

          <Field id="settings-maxStates" label={t("staffLetters.settings.maxStates")} hint={rangeHint("maxStates")} error={rangeError("maxStates")}>
            <input
              id="settings-maxStates"
              name="maxStates"
              type="text"
              inputMode="numeric"
              defaultValue={values.maxStates}
              aria-invalid={errors.maxStates ? true : undefined}
              aria-describedby={describedBy("settings-maxStates", true, errors.maxStates)}
            />
          </Field>

          <Field
            id="settings-maxLettersPerSupporter"
            label={t("staffLetters.settings.maxLetters")}
            hint={rangeHint("maxLettersPerSupporter")}
            error={rangeError("maxLettersPerSupporter")}
          >
            <input
              id="settings-maxLettersPerSupporter"
              name="maxLettersPerSupporter"
              type="text"
              inputMode="numeric"
              defaultValue={values.maxLettersPerSupporter}
              aria-invalid={errors.maxLettersPerSupporter ? true : undefined}
              aria-describedby={describedBy("settings-maxLettersPerSupporter", true, errors.maxLettersPerSupporter)}
            />
          </Field>

          <fieldset
            className={`field choices${errors.extraRecipientIds ? " field--error" : ""}`}
            aria-describedby={errors.extraRecipientIds ? "settings-extras-hint settings-extras-error" : "settings-extras-hint"}
          >
            <legend>{t("staffLetters.settings.extras")}</legend>
            <p className="field__hint" id="settings-extras-hint">
              {t("staffLetters.settings.extrasHint")}
            </p>
            {errors.extraRecipientIds ? (
              <p className="field__error" id="settings-extras-error">
                {tk(errors.extraRecipientIds)}
              </p>
            ) : null}
            {data.others.length === 0 ? <p>{t("staffLetters.settings.noExtras")}</p> : null}
            {data.others.map((r) => (
              <div className="choice" key={r.id}>
                <input id={`settings-extra-${r.id}`} type="checkbox" name="extraRecipientIds" value={String(r.id)} defaultChecked={values.extraRecipientIds.includes(String(r.id))} />
                <label htmlFor={`settings-extra-${r.id}`}>
                  {r.name} <span className="section-note">({tk(`staffLetters.status.${r.status}` as MessageKey)})</span>
                </label>
              </div>
            ))}
            <p className="section-note">
              <Link to={href("/staff/recipients/new")}>{t("staffLetters.settings.addOther")}</Link>
            </p>
          </fieldset>

          <button type="submit" className="button button--primary">
            {t("staffLetters.settings.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="fields-heading" className="staff-section">
        <h2 id="fields-heading">{t("staffLetters.fields.heading")}</h2>
        <p>{t("staffLetters.fields.intro")}</p>
        <dl>
          {mergeFields.map((field) => (
            <div key={field}>
              <dt>
                <code dir="ltr">{`{{${field}}}`}</code>
              </dt>
              <dd>{tk(`staffLetters.fields.${field}` as MessageKey)}</dd>
            </div>
          ))}
        </dl>
        <p className="section-note">{t("staffLetters.fields.emptyLine")}</p>
      </section>

      {data.templates.map((entry) => (
        <TemplateEditor
          key={entry.locale}
          entry={entry}
          result={result && result.form === "template" && result.locale === entry.locale ? result : null}
          saved={savedTemplate === entry.locale}
          maxLength={Number(data.settings.maxLength)}
          limits={data.limits.template}
        />
      ))}
    </StaffPage>
  );
}

function SettingsSummary({ values, groups }: { values: SettingsValues; groups: { id: number; name: string }[] }) {
  const { t, tk, n } = useI18n();
  const group = groups.find((g) => String(g.id) === values.groupId);
  const yesNo = (v: boolean) => (v ? t("staffLetters.yes") : t("staffLetters.no"));
  return (
    <>
      <p>{t("staffLetters.conflict.theirs")}</p>
      <ul>
        <li>
          {t("staffLetters.settings.enabled")}: {yesNo(values.enabled)}
        </li>
        <li>
          {t("staffLetters.settings.editable")}: {yesNo(values.editable)}
        </li>
        <li>
          {t("staffLetters.settings.maxLength")}: {n(Number(values.maxLength))}
        </li>
        <li>
          {t("staffLetters.settings.recipientMode")}: {tk(`staffLetters.mode.${values.recipientMode}` as MessageKey)}
          {group ? ` (${group.name})` : ""}
        </li>
        <li>
          {t("staffLetters.settings.maxStates")}: {n(Number(values.maxStates))}
        </li>
        <li>
          {t("staffLetters.settings.maxLetters")}: {n(Number(values.maxLettersPerSupporter))}
        </li>
      </ul>
    </>
  );
}

interface TemplateEntry {
  locale: Locale;
  stored: StoredTemplate | null;
  warnings: string[];
}

function TemplateEditor({
  entry,
  result,
  saved,
  maxLength,
  limits,
}: {
  entry: TemplateEntry;
  result: TemplateResult | null;
  saved: boolean;
  maxLength: number;
  limits: { subjectMax: number; bodyMax: number };
}) {
  const { t, tk, n } = useI18n();
  const id = `template-${entry.locale}`;
  const language = tk(`staffLetters.language.${entry.locale}` as MessageKey);
  const values: TemplateValues = result?.values ?? { subject: entry.stored?.subject ?? "", body: entry.stored?.body ?? "", version: entry.stored?.version ?? 0 };
  const errors: FieldErrors<TemplateField> = result?.errors ?? {};
  const warnings = result ? result.warnings : entry.warnings;
  const { dir } = localeInfo[entry.locale];
  const errorText = (field: TemplateField) =>
    errors[field] ? tk(errors[field]!, { max: n(field === "subject" ? limits.subjectMax : Math.min(maxLength, limits.bodyMax)) }) : null;
  const isNew = values.version === 0;
  return (
    <section className="staff-section" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{t("staffLetters.template.heading", { language })}</h2>
      {saved && !result ? <Notice kind="success">{t("staffLetters.template.saved", { language })}</Notice> : null}
      {isNew && !result?.conflict ? <p className="section-note">{t("staffLetters.template.missing", { language })}</p> : null}
      {result?.conflict ? (
        <Notice kind="error">
          <p>{t("staffLetters.conflict")}</p>
          {result.current ? (
            <>
              <p>{t("staffLetters.conflict.theirs")}</p>
              <p lang={entry.locale} dir={dir}>
                <strong>{result.current.subject}</strong>
              </p>
              <div className="letter-preview__text" lang={entry.locale} dir={dir}>
                {result.current.body}
              </div>
            </>
          ) : null}
        </Notice>
      ) : null}
      {Object.keys(errors).length ? <Notice kind="error">{t("staffLetters.error.summary")}</Notice> : null}
      {warnings.length ? (
        <Notice kind="info">
          <p>{t("staffLetters.template.unknownFields")}</p>
          <ul>
            {warnings.map((field) => (
              <li key={field}>
                <code dir="ltr">{`{{${field}}}`}</code>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <Form method="post" className="staff-form" noValidate>
        <input type="hidden" name="locale" value={entry.locale} />
        <input type="hidden" name="version" value={values.version} />
        <Field id={`${id}-subject`} label={t("staffLetters.template.subject")} error={errorText("subject")}>
          <input
            id={`${id}-subject`}
            name="subject"
            type="text"
            lang={entry.locale}
            dir={dir}
            defaultValue={values.subject}
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={describedBy(`${id}-subject`, false, errors.subject)}
          />
        </Field>
        <Field
          id={`${id}-body`}
          label={t("staffLetters.template.body")}
          hint={t("staffLetters.template.bodyHint", { max: n(maxLength) })}
          error={errorText("body")}
        >
          <textarea
            id={`${id}-body`}
            name="body"
            rows={18}
            lang={entry.locale}
            dir={dir}
            defaultValue={values.body}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={describedBy(`${id}-body`, true, errors.body)}
          />
        </Field>
        <div className="inline-form">
          <button type="submit" name="intent" value="template" className="button button--primary">
            {isNew ? t("staffLetters.template.create", { language }) : t("staffLetters.template.save", { language })}
          </button>
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            {t("staffLetters.template.preview", { language })}
          </button>
        </div>
      </Form>
      {result?.preview ? (
        <figure className="letter-preview" aria-labelledby={`${id}-preview-caption`}>
          <figcaption id={`${id}-preview-caption`}>{t("staffLetters.template.previewCaption", { recipient: result.preview.recipient })}</figcaption>
          <p className="letters__subject" lang={entry.locale} dir={dir}>
            <span className="letters__label">{t("staffLetters.template.subject")}: </span>
            {result.preview.subject}
          </p>
          <div className="letter-preview__text" lang={entry.locale} dir={dir}>
            {result.preview.body}
          </div>
        </figure>
      ) : null}
    </section>
  );
}
