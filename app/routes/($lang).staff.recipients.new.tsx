// A new recipient of kind "other" (staff): a special rapporteur, a fact-finding mission… identified by a key
// that must be unique. Missions are not added here: they come from an import (the Blue Book or a CSV file).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import {
  createOtherRecipient,
  newRecipientValues,
  recipientValuesFromForm,
  type FieldErrors,
  type RecipientField,
  type RecipientValues,
} from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { describedBy, Field, Notice, StaffPage } from "~/staff/ui/StaffForm";
import { countryOptions } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

/** The statuses of db/schema/letters.ts (the schema module stays on the server). */
const statuses = ["unverified", "active", "bouncing", "blocked", "opted_out"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  return staffJson({ values: newRecipientValues(), countries: countryOptions(db(), locale) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const form = await request.formData();
  const values = recipientValuesFromForm(form);
  const result = createOtherRecipient(db(), { ...values, version: 0 }, { userId: user.id, ipHash: staffIpHash(context.clientIp) });
  if (result.status === "invalid") return staffJson({ values, errors: result.errors }, { status: 400 });
  pageCache.purge();
  return redirect(`${localizePath(locale, `/staff/recipients/${result.id}`)}?saved=created`, { status: 303, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffLetters.recipient.newTitle")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function NewRecipient() {
  const { values: blank, countries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tk, href } = useI18n();
  const values: RecipientValues = result?.values ?? blank;
  const errors: FieldErrors<RecipientField> = result?.errors ?? {};
  return (
    <StaffPage title={t("staffLetters.recipient.newTitle")} actions={<Link to={href("/staff/recipients")}>{t("staffLetters.recipient.back")}</Link>}>
      <p className="section-note">{t("staffLetters.recipient.newIntro")}</p>
      {Object.keys(errors).length ? <Notice kind="error">{t("staffLetters.error.summary")}</Notice> : null}
      <Form method="post" className="staff-form" noValidate>
        <Field id="recipient-key" label={t("staffLetters.recipient.key")} hint={t("staffLetters.recipient.keyHint")} error={errors.key ? tk(errors.key) : null}>
          <input
            id="recipient-key"
            name="key"
            type="text"
            dir="ltr"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={values.key}
            aria-invalid={errors.key ? true : undefined}
            aria-describedby={describedBy("recipient-key", true, errors.key)}
          />
        </Field>
        <Field id="recipient-country" label={t("staffLetters.recipient.country")} hint={t("staffLetters.recipient.countryHint")} error={errors.country ? tk(errors.country) : null}>
          <select
            id="recipient-country"
            name="country"
            defaultValue={values.country}
            aria-invalid={errors.country ? true : undefined}
            aria-describedby={describedBy("recipient-country", true, errors.country)}
          >
            <option value="">{t("staffLetters.recipient.noCountry")}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <RecipientFields values={values} errors={errors} />
        <button type="submit" className="button button--primary">
          {t("staffLetters.recipient.create")}
        </button>
      </Form>
    </StaffPage>
  );
}

/** The editable fields of a recipient (the same form as on the page that edits one). */
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
