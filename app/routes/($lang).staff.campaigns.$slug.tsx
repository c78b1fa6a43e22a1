// Editing one campaign's content in one content language (?content=en|fa, independent of the interface
// language): title and summary, sections, quotations, timeline events and sources, one form per block. Each form
// carries the version it was loaded with; a save that finds a newer version is refused with both texts shown.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localeInfo, localizePath, translate, useI18n, type Locale } from "~/i18n";
import {
  getCampaignForEditing,
  parseContentLocale,
  saveCampaignText,
  setCampaignDiscreet,
  saveQuotation,
  saveSection,
  saveSource,
  saveTimelineEvent,
  type FieldError,
  type FieldErrors,
  type SaveResult,
} from "~/staff/content.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { permissionsOf } from "~/staff/permissions";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { renderMarkdown } from "~/utils/markdown.server";

type Values = Record<string, string | boolean>;
type Current = Record<string, string | number | boolean | null> & { version: number };

/** What the action sends back for the one block that was submitted (validation errors, a conflict, a preview). */
interface BlockState {
  block: string;
  values: Values;
  version: number;
  previous?: Values;
  errors?: FieldErrors;
  conflict?: Current;
  preview?: string;
}

const anchorPattern = /^[a-z0-9-]{1,100}$/;

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: staffNoStore });
}

function badRequest(): Response {
  return new Response("Bad request", { status: 400, headers: staffNoStore });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, "content.edit");
  requireLocale(params, request);
  const url = new URL(request.url);
  const contentLocale = parseContentLocale(url.searchParams.get("content"));
  const data = getCampaignForEditing(db(), params.slug ?? "", contentLocale);
  if (!data) throw notFound();
  const saved = url.searchParams.get("saved");
  return staffJson({
    ...data,
    saved: saved && anchorPattern.test(saved) ? saved : null,
    canManagePetitions: permissionsOf(user.roles).has("petitions.manage"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "content.edit");
  const locale = requireLocale(params, request);
  const slug = params.slug ?? "";
  const contentLocale = parseContentLocale(new URL(request.url).searchParams.get("content"));
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const flag = (name: string) => form.get(name) === "1";
  const block = text("block");
  const id = Number(text("id") || "0");
  const version = Number(text("version"));
  const anchor = text("anchor");
  if (!anchorPattern.test(anchor) || !Number.isSafeInteger(id) || id < 0 || !Number.isSafeInteger(version) || version < 0) throw badRequest();
  const preview = text("intent") === "preview";
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  const database = db();
  const state = (values: Values, previous?: Values): BlockState => ({ block: `${block}:${id}`, values, version, previous });

  const respond = <C extends Current>(result: SaveResult<C>, current: BlockState) => {
    if (result.ok) {
      const to = `${localizePath(locale, `/staff/campaigns/${slug}`)}?content=${contentLocale}&saved=${anchor}#${anchor}`;
      return redirect(to, { status: 303, headers: staffNoStore });
    }
    if ("notFound" in result) throw notFound();
    if ("errors" in result) return staffJson<BlockState>({ ...current, errors: result.errors }, { status: 400 });
    const conflict = result.conflict;
    // The next save starts from the version saved now: the person has seen it.
    const previous = current.previous
      ? Object.fromEntries(Object.keys(current.previous).map((k) => [k, typeof conflict[k] === "boolean" ? Boolean(conflict[k]) : String(conflict[k] ?? "")]))
      : undefined;
    return staffJson<BlockState>({ ...current, version: conflict.version, previous, conflict }, { status: 409 });
  };

  switch (block) {
    case "discreet": {
      if (!permissionsOf(user.roles).has("petitions.manage")) throw new Response("Forbidden", { status: 403, headers: staffNoStore });
      const result = setCampaignDiscreet(database, slug, flag("discreet"), actor);
      if (!result.ok) throw notFound();
      return redirect(`${localizePath(locale, `/staff/campaigns/${slug}`)}?content=${contentLocale}&saved=${anchor}#${anchor}`, { status: 303, headers: staffNoStore });
    }
    case "campaign": {
      const values = { title: text("title"), summary: text("summary") };
      return respond(saveCampaignText(database, { slug, locale: contentLocale, ...values, version }, actor), state(values));
    }
    case "section": {
      const values = { heading: text("heading"), bodyMd: text("bodyMd") };
      if (preview) return staffJson<BlockState>({ ...state(values), preview: renderMarkdown(values.bodyMd.replace(/\r\n?/g, "\n")) });
      return respond(saveSection(database, { sectionId: id, locale: contentLocale, ...values, version, campaignSlug: slug }, actor), state(values));
    }
    case "quotation": {
      const values = { topic: text("topic"), text: text("text"), attribution: text("attribution"), isTranslation: flag("isTranslation") };
      return respond(saveQuotation(database, { quotationId: id, locale: contentLocale, ...values, version, campaignSlug: slug }, actor), state(values));
    }
    case "event": {
      const values = { title: text("title"), description: text("description"), date: text("date"), approximate: flag("approximate") };
      const previous = { date: text("prev_date"), approximate: text("prev_approximate") === "1" };
      return respond(
        saveTimelineEvent(database, { eventId: id, locale: contentLocale, ...values, version, previous, campaignSlug: slug }, actor),
        state(values, previous),
      );
    }
    case "source": {
      const values = { title: text("title"), publisher: text("publisher"), note: text("note"), url: text("url"), publishedOn: text("publishedOn") };
      const previous = { url: text("prev_url"), publishedOn: text("prev_publishedOn") };
      return respond(
        saveSource(database, { sourceId: id, locale: contentLocale, ...values, version, previous, campaignSlug: slug }, actor),
        state(values, previous),
      );
    }
    default:
      throw badRequest();
  }
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location, params }) => {
  const locale = localeFromPath(location.pathname);
  const title = translate(locale, "staffContent.campaign.title", { slug: params.slug ?? "" });
  return [{ title: `${title} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

// ---- page ------------------------------------------------------------------------------------------------

interface FieldSpec {
  name: string;
  label: string;
  kind: "line" | "text" | "checkbox";
  /** The value saved now ("" or false when the translation is missing). */
  saved: string | boolean;
  hint?: string;
  rows?: number;
  /** Language-independent (a date, an address): left to right, not marked as content in the content language. */
  shared?: boolean;
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

function Block({
  anchor,
  block,
  id,
  title,
  subtitle,
  fields,
  version,
  previous,
  markdownField,
  contentLocale,
  formAction,
  state,
  saved,
  level = 3,
}: {
  level?: 2 | 3;
  anchor: string;
  block: string;
  id: number;
  title: string;
  subtitle?: string | null;
  fields: FieldSpec[];
  version: number | null;
  previous?: Values;
  /** The field a Preview button renders. */
  markdownField?: string;
  contentLocale: Locale;
  formAction: string;
  state: BlockState | undefined;
  saved: boolean;
}) {
  const { t, n } = useI18n();
  const errorText = useErrorText();
  const mine = state && state.block === `${block}:${id}` ? state : undefined;
  const errors = mine?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const dir = localeInfo[contentLocale].dir;
  const language = t(`staffContent.language.${contentLocale}`);
  const headingId = `${anchor}--title`;
  const value = (f: FieldSpec) => (mine ? (mine.values[f.name] ?? (f.kind === "checkbox" ? false : "")) : f.saved);
  const prev = mine?.previous ?? previous;
  const Heading = level === 2 ? "h2" : "h3";
  const Subheading = level === 2 ? "h3" : "h4";

  return (
    <section id={anchor} aria-labelledby={headingId} className="staff-section">
      <Heading id={headingId}>{title}</Heading>
      {subtitle ? (
        <p className="section-note" lang={contentLocale} dir={dir}>
          {subtitle}
        </p>
      ) : null}
      {saved && !mine ? <Notice kind="success">{t("staffContent.saved")}</Notice> : null}
      {mine?.conflict ? <Notice kind="error">{t("staffContent.conflict")}</Notice> : null}
      {hasErrors ? <Notice kind="error">{t("staffContent.errorSummary")}</Notice> : null}
      {version === null ? <p className="section-note">{t("staffContent.missingTranslation", { language })}</p> : null}
      <Form method="post" action={formAction} encType="multipart/form-data" className="staff-form">
        <input type="hidden" name="block" value={block} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="anchor" value={anchor} />
        <input type="hidden" name="version" value={mine ? mine.version : (version ?? 0)} />
        {prev
          ? Object.entries(prev).map(([name, v]) => <input key={name} type="hidden" name={`prev_${name}`} value={typeof v === "boolean" ? (v ? "1" : "0") : v} />)
          : null}
        {fields.map((f) => {
          const fieldId = `${anchor}-${f.name}`;
          const error = errorText(errors[f.name]);
          const langProps = f.shared ? { dir: "ltr" as const } : { lang: contentLocale, dir };
          if (f.kind === "checkbox") {
            return (
              <div key={f.name} className="field">
                <label className="inline-choice" htmlFor={fieldId}>
                  <input id={fieldId} type="checkbox" name={f.name} value="1" defaultChecked={Boolean(value(f))} /> {f.label}
                </label>
              </div>
            );
          }
          const common = {
            id: fieldId,
            name: f.name,
            defaultValue: String(value(f)),
            "aria-describedby": describedBy(fieldId, f.hint, error),
            "aria-invalid": error ? true : undefined,
            ...langProps,
          };
          return (
            <Field key={f.name} id={fieldId} label={f.label} hint={f.hint} error={error}>
              {f.kind === "text" ? <textarea rows={f.rows ?? 4} {...common} /> : <input type="text" {...common} />}
            </Field>
          );
        })}
        <div className="inline-form">
          <button type="submit" name="intent" value="save" className="button button--primary">
            {t("staffContent.save")}
          </button>
          {markdownField ? (
            <button type="submit" name="intent" value="preview" className="button button--secondary">
              {t("staffContent.preview")}
            </button>
          ) : null}
          {version !== null ? <span className="section-note">{t("staffContent.version", { version: n(mine ? mine.version : version) })}</span> : null}
        </div>
      </Form>

      {mine?.preview !== undefined ? (
        <section className="staff-section" aria-labelledby={`${anchor}--preview`}>
          <Subheading id={`${anchor}--preview`}>{t("staffContent.preview.title")}</Subheading>
          <p className="section-note">{t("staffContent.preview.note")}</p>
          <div className="prose" lang={contentLocale} dir={dir} dangerouslySetInnerHTML={{ __html: mine.preview }} />
        </section>
      ) : null}

      {mine?.conflict ? <ConflictView anchor={anchor} fields={fields} current={mine.conflict} contentLocale={contentLocale} level={level} /> : null}
    </section>
  );
}

/** The text saved now, read-only beside the person's own, so that they can merge the two. */
function ConflictView({
  anchor,
  fields,
  current,
  contentLocale,
  level,
}: {
  anchor: string;
  fields: FieldSpec[];
  current: Current;
  contentLocale: Locale;
  level: 2 | 3;
}) {
  const { t, n } = useI18n();
  const dir = localeInfo[contentLocale].dir;
  const headingId = `${anchor}--current`;
  const Subheading = level === 2 ? "h3" : "h4";
  return (
    <section className="staff-section staff-form" aria-labelledby={headingId}>
      <Subheading id={headingId}>{t("staffContent.conflict.current", { version: n(current.version) })}</Subheading>
      {fields.map((f) => {
        const id = `${anchor}-${f.name}-current`;
        const saved = current[f.name];
        const label = t("staffContent.conflict.field", { label: f.label });
        const langProps = f.shared ? { dir: "ltr" as const } : { lang: contentLocale, dir };
        if (f.kind === "checkbox") {
          return (
            <p key={f.name}>
              {label}: {saved ? t("staffContent.yes") : t("staffContent.no")}
            </p>
          );
        }
        return (
          <Field key={f.name} id={id} label={label}>
            {f.kind === "text" ? (
              <textarea id={id} readOnly rows={f.rows ?? 4} defaultValue={String(saved ?? "")} {...langProps} />
            ) : (
              <input id={id} type="text" readOnly defaultValue={String(saved ?? "")} {...langProps} />
            )}
          </Field>
        );
      })}
    </section>
  );
}

export default function EditCampaign() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as BlockState | undefined;
  const { t, href, date } = useI18n();
  const { campaign, translation, sections, quotations, timeline, sources, petitions } = data;
  const contentLocale = data.locale;
  const language = t(`staffContent.language.${contentLocale}`);
  const formAction = `${href(`/staff/campaigns/${campaign.slug}`)}?content=${contentLocale}`;
  const common = { contentLocale, formAction, state };
  const markdownHint = t("staffContent.markdownHint");
  const sharedDir = { shared: true } as const;

  return (
    <StaffPage title={t("staffContent.campaign.title", { slug: campaign.slug })}>
      <p>
        <Link to={href("/staff/campaigns")}>{t("staffContent.campaign.back")}</Link>
        {campaign.status === "published" ? (
          <>
            {" · "}
            <a href={localizePath(contentLocale, `/campaigns/${campaign.slug}`)}>{t("staffContent.campaign.viewPublic", { language })}</a>
          </>
        ) : null}
      </p>
      {campaign.status !== "published" ? <Notice>{t("staffContent.campaign.notPublished")}</Notice> : null}

      <nav aria-labelledby="content-language" className="staff-section">
        <h2 id="content-language">{t("staffContent.contentLanguage")}</h2>
        <p className="field__hint">{t("staffContent.contentLanguage.hint")}</p>
        <ul>
          {(["en", "fa"] as const).map((l) => (
            <li key={l}>
              {l === contentLocale ? (
                <strong aria-current="true">{t(`staffContent.language.${l}`)}</strong>
              ) : (
                <Link to={`${href(`/staff/campaigns/${campaign.slug}`)}?content=${l}`}>{t(`staffContent.language.${l}`)}</Link>
              )}
            </li>
          ))}
        </ul>
        <p>
          <strong>{t("staffContent.editingIn", { language })}</strong> {t("staffContent.requiredNote")}
        </p>
      </nav>

      {data.canManagePetitions ? (
        <section aria-labelledby="discreet-title" id="discreet" className="staff-section">
          <h2 id="discreet-title">{t("staffContent.discreet.title")}</h2>
          {data.saved === "discreet" ? <Notice>{t("staffContent.discreet.saved")}</Notice> : null}
          <p className="field__hint" id="discreet-hint">
            {t("staffContent.discreet.hint")}
          </p>
          <Form method="post" action={formAction}>
            <input type="hidden" name="block" value="discreet" />
            <input type="hidden" name="id" value="0" />
            <input type="hidden" name="version" value="0" />
            <input type="hidden" name="anchor" value="discreet" />
            <div className="choice">
              <input id="discreet-on" type="checkbox" name="discreet" value="1" defaultChecked={campaign.discreet} aria-describedby="discreet-hint" />
              <label htmlFor="discreet-on">{t("staffContent.discreet.label")}</label>
            </div>
            <button type="submit" className="button button--secondary">
              {t("staffContent.discreet.save")}
            </button>
          </Form>
        </section>
      ) : null}

      <Block
        {...common}
        level={2}
        anchor="campaign"
        block="campaign"
        id={0}
        title={t("staffContent.campaign.text")}
        version={translation?.version ?? null}
        saved={data.saved === "campaign"}
        fields={[
          { name: "title", label: t("staffContent.field.title"), kind: "line", saved: translation?.title ?? "" },
          { name: "summary", label: t("staffContent.field.summary"), kind: "text", rows: 5, saved: translation?.summary ?? "" },
        ]}
      />

      <h2>{t("staffContent.sections")}</h2>
      {sections.map((s) => {
        const anchor = `section-${s.key}`;
        const bodyOptional = s.kind !== "prose" && s.kind !== "call_to_action";
        return (
          <Block
            {...common}
            key={s.id}
            anchor={anchor}
            block="section"
            id={s.id}
            title={t("staffContent.section", { key: s.key })}
            subtitle={s.translation?.heading}
            version={s.translation?.version ?? null}
            saved={data.saved === anchor}
            markdownField="bodyMd"
            fields={[
              { name: "heading", label: t("staffContent.field.heading"), kind: "line", saved: s.translation?.heading ?? "" },
              {
                name: "bodyMd",
                label: bodyOptional ? t("staffContent.field.bodyOptional") : t("staffContent.field.body"),
                kind: "text",
                rows: 14,
                hint: markdownHint,
                saved: s.translation?.bodyMd ?? "",
              },
            ]}
          />
        );
      })}

      <h2>{t("staffContent.quotations")}</h2>
      {quotations.map((q) => {
        const anchor = `quotation-${q.key}`;
        return (
          <Block
            {...common}
            key={q.id}
            anchor={anchor}
            block="quotation"
            id={q.id}
            title={t("staffContent.quotation", { key: q.key })}
            subtitle={q.translation?.topic}
            version={q.translation?.version ?? null}
            saved={data.saved === anchor}
            fields={[
              { name: "topic", label: t("staffContent.field.topic"), kind: "line", saved: q.translation?.topic ?? "" },
              { name: "text", label: t("staffContent.field.quotation"), kind: "text", rows: 5, saved: q.translation?.text ?? "" },
              { name: "attribution", label: t("staffContent.field.attribution"), kind: "text", rows: 3, saved: q.translation?.attribution ?? "" },
              {
                name: "isTranslation",
                label: t("staffContent.field.isTranslation"),
                kind: "checkbox",
                saved: q.translation ? q.translation.isTranslation : contentLocale !== "en",
              },
            ]}
          />
        );
      })}

      <h2>{t("staffContent.timeline")}</h2>
      {timeline.map((e) => {
        const anchor = `event-${e.id}`;
        return (
          <Block
            {...common}
            key={e.id}
            anchor={anchor}
            block="event"
            id={e.id}
            title={t("staffContent.event", { date: date(e.date) })}
            subtitle={e.translation?.title}
            version={e.translation?.version ?? null}
            previous={{ date: e.date, approximate: e.approximate }}
            saved={data.saved === anchor}
            fields={[
              { name: "title", label: t("staffContent.field.title"), kind: "line", saved: e.translation?.title ?? "" },
              { name: "description", label: t("staffContent.field.description"), kind: "text", rows: 4, saved: e.translation?.description ?? "" },
              { name: "date", label: t("staffContent.field.date"), hint: t("staffContent.field.date.hint"), kind: "line", saved: e.date, ...sharedDir },
              { name: "approximate", label: t("staffContent.field.approximate"), kind: "checkbox", saved: e.approximate, ...sharedDir },
            ]}
          />
        );
      })}

      <h2>{t("staffContent.sources")}</h2>
      {sources.map((s) => {
        const anchor = `source-${s.key}`;
        return (
          <Block
            {...common}
            key={s.id}
            anchor={anchor}
            block="source"
            id={s.id}
            title={t("staffContent.source", { key: s.key })}
            subtitle={s.translation?.title}
            version={s.translation?.version ?? null}
            previous={{ url: s.url ?? "", publishedOn: s.publishedOn ?? "" }}
            saved={data.saved === anchor}
            fields={[
              { name: "title", label: t("staffContent.field.title"), kind: "line", saved: s.translation?.title ?? "" },
              { name: "publisher", label: t("staffContent.field.publisher"), kind: "line", saved: s.translation?.publisher ?? "" },
              { name: "note", label: t("staffContent.field.note"), kind: "text", rows: 3, saved: s.translation?.note ?? "" },
              { name: "url", label: t("staffContent.field.url"), kind: "line", saved: s.url ?? "", ...sharedDir },
              {
                name: "publishedOn",
                label: t("staffContent.field.publishedOn"),
                hint: t("staffContent.field.date.hint"),
                kind: "line",
                saved: s.publishedOn ?? "",
                ...sharedDir,
              },
            ]}
          />
        );
      })}

      {petitions.length ? (
        <section aria-labelledby="petitions-heading" className="staff-section">
          <h2 id="petitions-heading">{t("staffContent.campaign.petitions")}</h2>
          <ul>
            {petitions.map((p) => {
              const label = t("staffContent.petitionWithStatus", { slug: p.slug, status: t(`staffContent.petitionStatus.${p.status}`) });
              return (
                <li key={p.slug}>
                  {data.canManagePetitions ? <Link to={`${href(`/staff/petitions/${p.slug}`)}?content=${contentLocale}`}>{label}</Link> : label}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </StaffPage>
  );
}
