// One recipient (staff): names, salutations, addresses and status, saved with a version check. Setting the
// status to bouncing, blocked or opted out fails the letters still queued for the recipient.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import {
  getRecipient,
  recipientValues,
  recipientValuesFromForm,
  updateRecipient,
  type FieldErrors,
  type RecipientField,
  type RecipientValues,
} from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { countryNames } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { notFound, requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

/** The statuses of db/schema/letters.ts (the schema module stays on the server). */
const statuses = ["unverified", "active", "bouncing", "blocked", "opted_out"] as const;

function recipientOr404(id: string | undefined) {
  const recipient = /^\d{1,9}$/.test(id ?? "") ? getRecipient(db(), Number(id)) : null;
  if (!recipient) throw notFound();
  return recipient;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const recipient = recipientOr404(params.id);
  return staffJson({
    recipient: {
      id: recipient.id,
      kind: recipient.kind,
      key: recipient.key,
      countryName: recipient.country ? (countryNames(db(), locale).get(recipient.country) ?? recipient.country) : null,
      source: recipient.source,
      demo: recipient.demo,
      name: (locale === "fa" && recipient.nameFa) || recipient.nameEn,
    },
    values: recipientValues(recipient),
    saved: new URL(request.url).searchParams.get("saved"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const recipient = recipientOr404(params.id);
  const form = await request.formData();
  const values = recipientValuesFromForm(form);
  const result = updateRecipient(db(), recipient.id, values, { userId: user.id, ipHash: staffIpHash(context.clientIp) });
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") return staffJson({ values, errors: result.errors, conflict: false, current: null }, { status: 400 });
  if (result.status === "conflict") {
    const current = getRecipient(db(), recipient.id);
    return staffJson(
      { values: { ...values, version: result.currentVersion }, errors: {} as FieldErrors<RecipientField>, conflict: true, current: current ? recipientValues(current) : null },
      { status: 409 },
    );
  }
  pageCache.purge();
  return redirect(`${localizePath(locale, `/staff/recipients/${recipient.id}`)}?saved=1`, { status: 303, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction<typeof loader> = ({ location, data }) => {
  const locale = localeFromPath(location.pathname);
  const title = data ? translate(locale, "staffLetters.recipient.editTitle", { name: data.recipient.name }) : translate(locale, "staffLetters.recipients.title");
  return [{ title: `${title} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function StaffRecipient() {
  const { recipient, values: stored, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tk, href } = useI18n();
  const values: RecipientValues = result?.values ?? stored;
  const errors: FieldErrors<RecipientField> = result?.errors ?? {};
  return (
    <StaffPage
      title={t("staffLetters.recipient.editTitle", { name: recipient.name })}
      actions={<Link to={href("/staff/recipients")}>{t("staffLetters.recipient.back")}</Link>}
    >
      {saved && !result ? <Notice kind="success">{saved === "created" ? t("staffLetters.recipient.created") : t("staffLetters.recipient.saved")}</Notice> : null}
      {result?.conflict ? (
        <Notice kind="error">
          <p>{t("staffLetters.conflict")}</p>
          {result.current ? (
            <>
              <p>{t("staffLetters.conflict.theirs")}</p>
              <ul>
                <li>
                  {t("staffLetters.recipient.nameEn")}: {result.current.nameEn}
                </li>
                <li>
                  {t("staffLetters.recipient.email")}: <span dir="ltr">{result.current.email || "—"}</span>
                </li>
                <li>
                  {t("staffLetters.recipient.status")}: {tk(`staffLetters.status.${result.current.status}` as MessageKey)}
                </li>
              </ul>
            </>
          ) : null}
        </Notice>
      ) : null}
      {Object.keys(errors).length ? <Notice kind="error">{t("staffLetters.error.summary")}</Notice> : null}

      <dl>
        <div>
          <dt>{t("staffLetters.recipients.kind")}</dt>
          <dd>{tk(`staffLetters.kind.${recipient.kind}` as MessageKey)}</dd>
        </div>
        {recipient.countryName ? (
          <div>
            <dt>{t("staffLetters.recipients.state")}</dt>
            <dd>{recipient.countryName}</dd>
          </div>
        ) : null}
        {recipient.key ? (
          <div>
            <dt>{t("staffLetters.recipient.key")}</dt>
            <dd>
              <code dir="ltr">{recipient.key}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("staffLetters.recipients.source")}</dt>
          <dd>
            {tk(`staffLetters.source.${["csv", "bluebook", "staff", "demo"].includes(recipient.source) ? recipient.source : "other"}` as MessageKey)}
            {recipient.demo ? <span className="badge">{t("staffLetters.recipients.demoYes")}</span> : null}
          </dd>
        </div>
      </dl>

      <Form method="post" className="staff-form" noValidate>
        <input type="hidden" name="version" value={values.version} />
        <RecipientFields values={values} errors={errors} />
        <button type="submit" className="button button--primary">
          {t("staffLetters.recipient.save")}
        </button>
      </Form>
    </StaffPage>
  );
}

/** The editable fields of a recipient (the same form as on the page for a new recipient). */
function RecipientFields({ values, errors }: { values: RecipientValues; errors: FieldErrors<RecipientField> }) {
  const { t, tk } = useI18n();
  const error = (field: RecipientField) => (errors[field] ? tk(errors[field]!) : null);
  const input = (field: "nameEn" | "nameFa" | "salutationEn" | "salutationFa" | "email" | "phone" | "website" | "statusReason", options: { hint?: string; lang?: "en" | "fa"; ltr?: boolean; type?: string } = {}) => (
    <Field id={`recipient-${field}`} label={tk(`staffLetters.recipient.${field}` as MessageKey)} hint={options.hint} error={error(field)}>
      <input
        id={`recipient-${field}`}
        name={field}
        type={options.type ?? "text"}
        lang={options.lang}
        dir={options.ltr || options.lang === "en" ? "ltr" : options.lang === "fa" ? "rtl" : undefined}
        defaultValue={values[field]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(`recipient-${field}`, options.hint, errors[field])}
      />
    </Field>
  );
  return (
    <>
      {input("nameEn", { lang: "en" })}
      {input("nameFa", { lang: "fa" })}
      {input("salutationEn", { lang: "en", hint: t("staffLetters.recipient.salutationHint") })}
      {input("salutationFa", { lang: "fa", hint: t("staffLetters.recipient.salutationHint") })}
      {input("email", { type: "email", ltr: true, hint: t("staffLetters.recipient.emailHint") })}
      <Field id="recipient-postalAddress" label={t("staffLetters.recipient.postalAddress")} error={error("postalAddress")}>
        <textarea
          id="recipient-postalAddress"
          name="postalAddress"
          rows={5}
          defaultValue={values.postalAddress}
          aria-invalid={errors.postalAddress ? true : undefined}
          aria-describedby={describedBy("recipient-postalAddress", false, errors.postalAddress)}
        />
      </Field>
      {input("phone", { ltr: true })}
      {input("website", { ltr: true, hint: t("staffLetters.recipient.websiteHint") })}
      <Field id="recipient-status" label={t("staffLetters.recipient.status")} hint={t("staffLetters.recipient.statusHint")} error={error("status")}>
        <select
          id="recipient-status"
          name="status"
          defaultValue={values.status}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={describedBy("recipient-status", true, errors.status)}
        >
          {statuses.map((s) => (
            <option key={s} value={s}>
              {tk(`staffLetters.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      {input("statusReason")}
    </>
  );
}
