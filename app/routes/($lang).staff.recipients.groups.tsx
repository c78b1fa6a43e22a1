// Target groups (staff): named lists of UN member states a campaign may ask supporters to write to. Members
// are ticked by UN regional group, or typed as ISO codes or English names. A group a campaign's rules use
// cannot be deleted.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import {
  groupsOverview,
  groupValuesFromForm,
  memberStatesByRegion,
  removeTargetGroup,
  saveTargetGroup,
  type FieldErrors,
  type GroupField,
  type GroupValues,
} from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

const regionKeys: Record<string, MessageKey> = {
  "African Group": "staffLetters.region.african",
  "Asia and the Pacific Group": "staffLetters.region.asiaPacific",
  "Eastern European Group": "staffLetters.region.easternEuropean",
  "Latin American and Caribbean Group": "staffLetters.region.latinAmerican",
  "Western European and Others Group": "staffLetters.region.westernEuropean",
};

const blank: GroupValues = { mode: "create", key: "", nameEn: "", nameFa: "", members: [], more: "", updatedAt: "" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const database = db();
  const url = new URL(request.url);
  const groups = groupsOverview(database, locale);
  const editing = groups.find((g) => g.key === url.searchParams.get("edit")) ?? null;
  const values: GroupValues = editing
    ? { mode: "edit", key: editing.key, nameEn: editing.nameEn, nameFa: editing.nameFa, members: editing.members.map((m) => m.code), more: "", updatedAt: editing.updatedAt }
    : blank;
  return staffJson({
    groups,
    regions: memberStatesByRegion(database, locale),
    values,
    saved: url.searchParams.get("saved"),
    deleted: url.searchParams.get("deleted"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const actor = { userId: user.id, ipHash: staffIpHash(context.clientIp) };
  const here = localizePath(locale, "/staff/recipients/groups");
  const intent = form.get("intent");
  if (intent === "save") {
    const values = groupValuesFromForm(form);
    const result = saveTargetGroup(db(), values, actor);
    if (result.status === "invalid") {
      return staffJson({ form: "save" as const, values, errors: result.errors, memberProblems: result.memberProblems, conflict: false }, { status: 400 });
    }
    if (result.status === "conflict") {
      return staffJson({ form: "save" as const, values, errors: {} as FieldErrors<GroupField>, memberProblems: [], conflict: true }, { status: 409 });
    }
    pageCache.purge();
    return redirect(`${here}?saved=${encodeURIComponent(result.group.key)}`, { status: 303, headers: staffNoStore });
  }
  if (intent === "delete") {
    const key = String(form.get("key") ?? "");
    const result = removeTargetGroup(db(), key, actor);
    if (result.status === "in-use") return staffJson({ form: "delete" as const, key, campaigns: result.campaigns }, { status: 400 });
    // Already gone (deleted in another tab): back to the list, which shows it is not there.
    if (result.status === "not-found") return redirect(here, { status: 303, headers: staffNoStore });
    pageCache.purge();
    return redirect(`${here}?deleted=${encodeURIComponent(key)}`, { status: 303, headers: staffNoStore });
  }
  throw new Response("Bad request", { status: 400, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffLetters.groups.title")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function TargetGroups() {
  const { groups, regions, values: loaded, saved, deleted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tk, n, href, locale } = useI18n();
  const saveResult = result && result.form === "save" ? result : null;
  const deleteResult = result && result.form === "delete" ? result : null;
  const values = saveResult?.values ?? loaded;
  const errors: FieldErrors<GroupField> = saveResult?.errors ?? {};
  const editing = values.mode === "edit";
  const base = href("/staff/recipients/groups");
  return (
    <StaffPage title={t("staffLetters.groups.title")} actions={<Link to={href("/staff/recipients")}>{t("staffLetters.recipient.back")}</Link>}>
      <p className="section-note">{t("staffLetters.groups.intro")}</p>
      {saved && !result ? <Notice kind="success">{t("staffLetters.groups.saved", { key: saved })}</Notice> : null}
      {deleted && !result ? <Notice kind="success">{t("staffLetters.groups.deleted", { key: deleted })}</Notice> : null}
      {deleteResult ? (
        <Notice kind="error">{t("staffLetters.groups.error.inUse", { key: deleteResult.key, campaigns: deleteResult.campaigns.join(t("list.separator")) })}</Notice>
      ) : null}

      {groups.length ? (
        <table className="staff-table">
          <caption className="visually-hidden">{t("staffLetters.groups.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.groups.name")}</th>
              <th scope="col">{t("staffLetters.groups.key")}</th>
              <th scope="col">{t("staffLetters.groups.members")}</th>
              <th scope="col">{t("staffLetters.groups.usedBy")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("staffLetters.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => {
              const name = locale === "fa" ? g.nameFa : g.nameEn;
              return (
                <tr key={g.key}>
                  <th scope="row">
                    {name}
                    <br />
                    <span className="section-note" lang={locale === "fa" ? "en" : "fa"} dir={locale === "fa" ? "ltr" : "rtl"}>
                      {locale === "fa" ? g.nameEn : g.nameFa}
                    </span>
                  </th>
                  <td>
                    <code dir="ltr">{g.key}</code>
                  </td>
                  <td>
                    <details>
                      <summary>{t("staffLetters.groups.memberCount", { count: n(g.members.length) })}</summary>
                      <p>{g.members.map((m) => m.name).join(t("list.separator"))}</p>
                    </details>
                  </td>
                  <td>{g.usedBy.length ? g.usedBy.join(t("list.separator")) : "—"}</td>
                  <td>
                    <Link to={`${base}?edit=${encodeURIComponent(g.key)}#group-form`}>
                      {t("staffLetters.groups.edit")}
                      <span className="visually-hidden"> {name}</span>
                    </Link>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="key" value={g.key} />
                      <button type="submit" className="button button--secondary button--small">
                        {t("staffLetters.groups.delete")}
                        <span className="visually-hidden"> {name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>{t("staffLetters.groups.none")}</p>
      )}

      <section aria-labelledby="group-form-heading" className="staff-section" id="group-form">
        <h2 id="group-form-heading">{editing ? t("staffLetters.groups.editHeading", { key: values.key }) : t("staffLetters.groups.newHeading")}</h2>
        {saveResult?.conflict ? <Notice kind="error">{t("staffLetters.groups.conflict")}</Notice> : null}
        {saveResult && Object.keys(errors).length ? <Notice kind="error">{t("staffLetters.error.summary")}</Notice> : null}
        {/* A new form (not the one typed in) after a save, or when another group is opened. */}
        <Form method="post" className="staff-form" noValidate key={`${loaded.mode}:${loaded.key}:${loaded.updatedAt}:${saved ?? ""}`}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="mode" value={values.mode} />
          <input type="hidden" name="updatedAt" value={values.updatedAt} />
          {editing ? (
            <>
              <input type="hidden" name="key" value={values.key} />
              <p>
                {t("staffLetters.groups.key")}: <code dir="ltr">{values.key}</code>
              </p>
            </>
          ) : (
            <Field id="group-key" label={t("staffLetters.groups.key")} hint={t("staffLetters.groups.keyHint")} error={errors.key ? tk(errors.key) : null}>
              <input
                id="group-key"
                name="key"
                type="text"
                dir="ltr"
                autoCapitalize="none"
                spellCheck={false}
                defaultValue={values.key}
                aria-invalid={errors.key ? true : undefined}
                aria-describedby={describedBy("group-key", true, errors.key)}
              />
            </Field>
          )}
          <Field id="group-nameEn" label={t("staffLetters.groups.nameEn")} error={errors.nameEn ? tk(errors.nameEn) : null}>
            <input
              id="group-nameEn"
              name="nameEn"
              type="text"
              lang="en"
              dir="ltr"
              defaultValue={values.nameEn}
              aria-invalid={errors.nameEn ? true : undefined}
              aria-describedby={describedBy("group-nameEn", false, errors.nameEn)}
            />
          </Field>
          <Field id="group-nameFa" label={t("staffLetters.groups.nameFa")} error={errors.nameFa ? tk(errors.nameFa) : null}>
            <input
              id="group-nameFa"
              name="nameFa"
              type="text"
              lang="fa"
              dir="rtl"
              defaultValue={values.nameFa}
              aria-invalid={errors.nameFa ? true : undefined}
              aria-describedby={describedBy("group-nameFa", false, errors.nameFa)}
            />
          </Field>

          {/* Not a .field: its labels are blocks, and the member states are many. */}
          <div
            className={errors.members ? "field--error" : undefined}
            role="group"
            aria-labelledby="group-members-label"
            aria-describedby={errors.members ? "group-members-hint group-members-error" : "group-members-hint"}
          >
            <p id="group-members-label">
              <strong>{t("staffLetters.groups.members")}</strong>
            </p>
            <p className="field__hint" id="group-members-hint">
              {t("staffLetters.groups.membersHint")}
            </p>
            {errors.members ? (
              <div className="field__error" id="group-members-error" role="alert">
                <p>{tk(errors.members)}</p>
                {saveResult?.memberProblems.length ? (
                  <ul>
                    {saveResult.memberProblems.map((p, i) => (
                      <li key={i}>{tk(p.error, { name: p.name })}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            {regions.map((region) => (
              <fieldset className="choices" key={region.region || "other"}>
                <legend>
                  <strong>{tk(regionKeys[region.region] ?? "staffLetters.region.other")}</strong>
                </legend>
                {region.states.map((s) => (
                  <label key={s.code} className="inline-choice">
                    <input type="checkbox" name="members" value={s.code} defaultChecked={values.members.includes(s.code)} /> {s.name}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>

          <Field id="group-more" label={t("staffLetters.groups.more")} hint={t("staffLetters.groups.moreHint")}>
            <textarea id="group-more" name="more" rows={4} dir="ltr" defaultValue={values.more} aria-describedby={describedBy("group-more", true, null)} />
          </Field>

          <div className="inline-form">
            <button type="submit" className="button button--primary">
              {editing ? t("staffLetters.groups.save") : t("staffLetters.groups.create")}
            </button>
            {editing ? <Link to={base}>{t("staffLetters.groups.cancelEdit")}</Link> : null}
          </div>
        </Form>
      </section>
    </StaffPage>
  );
}
