import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ProofOfWork } from "~/components/ProofOfWork";
import { localeInfo, useI18n, type MessageKey } from "~/i18n";
import type { PetitionPage as PetitionData } from "./petition.server";
import type { SignActionData } from "./sign-action.server";
import { limits, parseSignature, type FieldErrors, type SignatureField, type SignatureFormValues } from "./signature-schema";
import type { CountryOption } from "~/utils/countries.server";

type Page = SerializeFrom<PetitionData>;

export interface PetitionPageProps {
  page: Page;
  countries: CountryOption[];
  retention: { months: number; days: number };
}

export function PetitionView({ page, countries, retention }: PetitionPageProps) {
  const { t, href } = useI18n();
  return (
    <article className="petition page">
      <header className="petition__header">
        <p className="eyebrow">
          <Link to={href(`/campaigns/${page.campaignSlug}`)}>{page.campaignTitle}</Link>
        </p>
        <div lang={page.locale} dir={localeInfo[page.locale].dir}>
          <h1>{page.title}</h1>
          <p className="petition__addressee">{t("petition.addressedTo", { addressee: page.addressee })}</p>
        </div>
      </header>
      <div className="petition__layout">
        <div className="petition__main">
          <Progress page={page} />
          <div className="prose petition__text" lang={page.locale} dir={localeInfo[page.locale].dir} dangerouslySetInnerHTML={{ __html: page.html }} />
          <p>
            <Link to={href(`/campaigns/${page.campaignSlug}`)}>{t("petition.readCampaign")}</Link>
          </p>
        </div>
        <aside className="petition__sign" aria-labelledby="sign-heading">
          {page.open ? (
            <SignForm countries={countries} retention={retention} />
          ) : (
            <p className="notice">{page.status === "closed" ? t("petition.closed") : t("sign.error.closed")}</p>
          )}
        </aside>
      </div>
      <RecentSigners page={page} />
      {page.comments.length ? <Comments page={page} /> : null}
      <CountryCounts page={page} />
    </article>
  );
}

function Progress({ page }: { page: Page }) {
  const { t, n } = useI18n();
  return (
    <div className="progress">
      <p className="progress__count">
        <strong>{t("petition.count", { count: n(page.count), n: page.count })}</strong>
      </p>
      <progress className="progress__bar" max={page.goal} value={Math.min(page.count, page.goal)} aria-label={t("petition.progressLabel")}>
        {n(page.count)} / {n(page.goal)}
      </progress>
      <p className="progress__goal">{t("petition.goal", { goal: n(page.goal) })}</p>
    </div>
  );
}

const fieldOrder: SignatureField[] = ["fullName", "email", "country", "comment"];

function SignForm({ countries, retention }: { countries: CountryOption[]; retention: PetitionPageProps["retention"] }) {
  const { t, tk, n, locale } = useI18n();
  const actionData = useActionData<SignActionData>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const values: SignatureFormValues = actionData?.values ?? { fullName: "", email: "", country: "", comment: "", showPublicly: false, wantsUpdates: false };
  const errors: FieldErrors = clientErrors ?? actionData?.errors ?? {};
  const formError = clientErrors ? undefined : actionData?.formError;
  const errorList = fieldOrder.filter((f) => errors[f]);

  // A proof-of-work solution is spent once the server has seen it: a form sent back with errors gets a new one.
  const [powKey, setPowKey] = useState(0);
  useEffect(() => {
    if (actionData) setPowKey((k) => k + 1);
    if (actionData && (errorList.length || actionData.formError)) summaryRef.current?.focus();
    // Focus moves to the summary when the server answers with errors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionData]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const parsed = parseSignature(data);
    if (!parsed.success) {
      event.preventDefault();
      setClientErrors(parsed.errors);
      requestAnimationFrame(() => summaryRef.current?.focus());
    } else setClientErrors(null);
  }

  const describedBy = (field: SignatureField, hint?: boolean) =>
    [hint ? `${field}-hint` : null, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <>
      <h2 id="sign-heading">{t("sign.heading")}</h2>
      <Form method="post" className="sign-form" noValidate onSubmit={onSubmit}>
        {errorList.length || formError ? (
          <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
            {formError ? (
              <p id="error-summary-title" className="error-summary__title">
                {tk(formError.key, { minutes: n(formError.minutes ?? 1) })}
              </p>
            ) : (
              <p id="error-summary-title" className="error-summary__title">
                {t("sign.errorSummary")}
              </p>
            )}
            {errorList.length ? (
              <ul>
                {errorList.map((field) => (
                  <li key={field}>
                    <a href={`#${field}`}>{tk(errors[field]!)}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <div className={`field${errors.fullName ? " field--error" : ""}`}>
          <label htmlFor="fullName">{t("sign.fullName.label")}</label>
          <p className="field__hint" id="fullName-hint">
            {t("sign.fullName.hint")}
          </p>
          {errors.fullName ? <FieldError id="fullName-error" message={errors.fullName} /> : null}
          <input
            id="fullName"
            name="fullName"
            type="text"
            autoComplete="name"
            required
            maxLength={limits.nameMax * 2}
            defaultValue={values.fullName}
            aria-invalid={errors.fullName ? true : undefined}
            aria-describedby={describedBy("fullName", true)}
            dir="auto"
          />
        </div>

        <div className={`field${errors.email ? " field--error" : ""}`}>
          <label htmlFor="email">{t("sign.email.label")}</label>
          <p className="field__hint" id="email-hint">
            {t("sign.email.hint")}
          </p>
          {errors.email ? <FieldError id="email-error" message={errors.email} /> : null}
          {actionData?.suggestion && !clientErrors ? (
            <div className="suggestion" id="email-suggestion">
              <p>
                <bdi dir="ltr">{t("sign.suggestion", { suggestion: actionData.suggestion })}</bdi>
              </p>
              <button type="submit" name="useEmail" value={actionData.suggestion} className="button button--secondary button--small">
                {t("sign.suggestion.use", { suggestion: actionData.suggestion })}
              </button>{" "}
              <button type="submit" name="keepEmail" value={values.email.trim()} className="button button--secondary button--small">
                {t("sign.suggestion.keep")}
              </button>
            </div>
          ) : null}
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={limits.emailMax * 2}
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy("email", true)}
            dir="ltr"
          />
        </div>

        <div className={`field${errors.country ? " field--error" : ""}`}>
          <label htmlFor="country">{t("sign.country.label")}</label>
          {errors.country ? <FieldError id="country-error" message={errors.country} /> : null}
          <select
            id="country"
            name="country"
            required
            defaultValue={values.country}
            aria-invalid={errors.country ? true : undefined}
            aria-describedby={describedBy("country")}
            autoComplete="country"
          >
            <option value="">{t("sign.country.placeholder")}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>

        <div className={`field${errors.comment ? " field--error" : ""}`}>
          <label htmlFor="comment">{t("sign.comment.label")}</label>
          <p className="field__hint" id="comment-hint">
            {t("sign.comment.hint", { max: n(limits.commentMax) })}
          </p>
          {errors.comment ? <FieldError id="comment-error" message={errors.comment} /> : null}
          <textarea
            id="comment"
            name="comment"
            rows={3}
            maxLength={limits.commentMax * 2}
            defaultValue={values.comment}
            aria-invalid={errors.comment ? true : undefined}
            aria-describedby={describedBy("comment", true)}
            dir="auto"
          />
        </div>

        <fieldset className="field choices">
          <legend>{t("sign.optionsLegend")}</legend>
          <div className="choice">
            <input id="showPublicly" name="showPublicly" type="checkbox" defaultChecked={values.showPublicly} />
            <label htmlFor="showPublicly">{t("sign.showPublicly.label")}</label>
          </div>
          <div className="choice">
            <input id="wantsUpdates" name="wantsUpdates" type="checkbox" defaultChecked={values.wantsUpdates} />
            <label htmlFor="wantsUpdates">{t("sign.wantsUpdates.label")}</label>
          </div>
        </fieldset>

        {/* A field people never see or fill: programs that fill every field reveal themselves. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t("sign.honeypot.label")}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>

        <ProofOfWork key={powKey} locale={locale} />

        <button type="submit" className="button button--primary button--block" disabled={submitting}>
          {t("sign.submit")}
        </button>
      </Form>
      <PrivacyNotes retention={retention} />
    </>
  );
}

function FieldError({ id, message }: { id: string; message: MessageKey }) {
  const { tk } = useI18n();
  return (
    <p className="field__error" id={id}>
      {tk(message)}
    </p>
  );
}

function PrivacyNotes({ retention }: { retention: PetitionPageProps["retention"] }) {
  const { t, n } = useI18n();
  return (
    <section className="privacy-notes" aria-labelledby="privacy-heading">
      <h3 id="privacy-heading">{t("privacy.heading")}</h3>
      <ul>
        <li>{t("privacy.name")}</li>
        <li>{t("privacy.email")}</li>
        <li>{t("privacy.country")}</li>
        <li>{t("privacy.comment")}</li>
        <li>{t("privacy.retention", { months: n(retention.months), days: n(retention.days) })}</li>
        <li>{t("privacy.encryption")}</li>
      </ul>
    </section>
  );
}

function RecentSigners({ page }: { page: Page }) {
  const { t } = useI18n();
  return (
    <section className="recent-signers" aria-labelledby="recent-heading">
      <h2 id="recent-heading">{t("petition.recent.heading")}</h2>
      <p className="section-note">{t("petition.recent.note")}</p>
      {page.recent.length ? (
        <ul>
          {page.recent.map((signer, i) => (
            <li key={i}>
              <bdi>{signer.name}</bdi>
              {t("list.separator")}
              {signer.country}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("petition.recent.empty")}</p>
      )}
    </section>
  );
}

function Comments({ page }: { page: Page }) {
  const { t } = useI18n();
  return (
    <section className="signer-comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t("petition.comments.heading")}</h2>
      {page.comments.map((c, i) => (
        <figure key={i} className="signer-comment">
          <blockquote dir="auto">
            <p>{c.comment}</p>
          </blockquote>
          <figcaption>{c.name ? <><bdi>{c.name}</bdi>{t("list.separator")}{c.country}</> : t("petition.comments.anonymous", { country: c.country })}</figcaption>
        </figure>
      ))}
    </section>
  );
}

function CountryCounts({ page }: { page: Page }) {
  const { t, n, href } = useI18n();
  const partial = page.countryTotal > page.countries.length;
  return (
    <section className="country-counts" aria-labelledby="countries-heading">
      <h2 id="countries-heading">{t("petition.countries.heading")}</h2>
      <div className="country-counts__layout">
        <figure className="country-counts__map">
          <img src={href(`/petitions/${page.slug}/map.svg`)} alt={t("petition.countries.mapAlt")} width={960} height={489} />
        </figure>
        <div className="country-counts__table">
          <CountryTable
            countries={page.countries}
            threshold={page.threshold}
            caption={partial ? t("petition.countries.topCaption", { n: n(page.countries.length) }) : t("petition.countries.caption")}
          />
          {partial ? (
            <p>
              <Link to={href(`/petitions/${page.slug}/countries`)}>{t("petition.countries.all", { n: n(page.countryTotal) })}</Link>
            </p>
          ) : null}
          {page.threshold > 1 ? <p className="section-note">{t("petition.countries.privacyNote", { n: n(page.threshold) })}</p> : null}
        </div>
      </div>
    </section>
  );
}

/** Confirmed signatures by country, small counts shown as "fewer than …" (the petition page and the page of all countries). */
export function CountryTable({ countries, threshold, caption }: { countries: Page["countries"]; threshold: number; caption: string }) {
  const { t, n } = useI18n();
  if (!countries.length) return <p>{t("petition.countries.empty")}</p>;
  const fewer = t("petition.countries.fewerThan", { n: n(threshold) });
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("petition.countries.country")}</th>
          <th scope="col">{t("petition.countries.signatures")}</th>
        </tr>
      </thead>
      <tbody>
        {countries.map((c) => (
          <tr key={c.code}>
            <th scope="row">{c.name}</th>
            <td>{c.count === null ? fewer : n(c.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
