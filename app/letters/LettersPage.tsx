import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { ProofOfWork } from "~/components/ProofOfWork";
import { localeInfo, useI18n, type Locale } from "~/i18n";
import type { lettersLoader, LettersActionData, SelfSendLetter } from "./letters-page.server";
import { parseLetterForm, type LetterErrors, type LetterField } from "./letter-schema";
import { fillTemplate, writerValues } from "./merge";

type LoaderData = ReturnType<typeof useLoaderData<typeof lettersLoader>>;
type Compose = NonNullable<LoaderData["compose"]>;

export function LettersView() {
  const data = useLoaderData<typeof lettersLoader>();
  const actionData = useActionData<LettersActionData>();
  const { t } = useI18n();
  return (
    <article className="page letters">
      <header>
        <h1>{t("letters.title")}</h1>
        <p className="lead letters__intro">{t("letters.intro")}</p>
      </header>
      {!data.enabled ? (
        <p className="notice">{t("letters.closed")}</p>
      ) : actionData?.self ? (
        <SelfSend letters={actionData.self} letterLocale={data.selection.letterLocale} />
      ) : (
        <>
          <ChooseForm data={data} />
          {data.compose ? <ComposeForm data={data} compose={data.compose} /> : null}
        </>
      )}
      <Figures data={data} />
    </article>
  );
}

function ChooseForm({ data }: { data: LoaderData }) {
  const { t, href } = useI18n();
  const { selection } = data;
  const residenceName = data.countries.find((c) => c.code === selection.residence)?.name;
  const showStates = data.mode !== "residence" || data.needsState || data.residenceIsMember === false;
  const stateSelects = Math.max(1, data.maxStates);
  return (
    <section className="letters__step" aria-labelledby="step-who">
      <h2 id="step-who">{t("letters.step.who")}</h2>
      <Form method="get" action={href(`/campaigns/${data.campaignSlug}/letters`)} className="letters__choose">
        {data.mode === "residence" ? (
          <div className="field">
            <label htmlFor="residence">{t("letters.residence.label")}</label>
            <p className="field__hint" id="residence-hint">
              {t("letters.residence.hint")}
            </p>
            <select id="residence" name="residence" defaultValue={selection.residence ?? ""} aria-describedby="residence-hint" required>
              <option value="">{t("sign.country.placeholder")}</option>
              {data.countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {data.mode === "residence" && data.residenceIsMember === false && residenceName ? (
          <p className="notice">{t("letters.notMember", { country: residenceName })}</p>
        ) : null}
        {showStates
          ? Array.from({ length: stateSelects }, (_, i) => (
              <div className="field" key={i}>
                <label htmlFor={`state-${i}`}>{i === 0 ? t("letters.state.label") : t("letters.state.another")}</label>
                <select id={`state-${i}`} name="state" defaultValue={selection.states[i] ?? ""} required={i === 0 && data.mode !== "residence"}>
                  <option value="">{t("letters.state.placeholder")}</option>
                  {data.states.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            ))
          : null}
        {data.letterLocales.length > 1 ? (
          <div className="field">
            <label htmlFor="lang">{t("letters.language.label")}</label>
            <p className="field__hint" id="lang-hint">
              {t("letters.language.hint")}
            </p>
            <select id="lang" name="lang" defaultValue={selection.letterLocale} aria-describedby="lang-hint">
              {data.letterLocales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {localeInfo[l as Locale].name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button--secondary">
          {t("letters.continue")}
        </button>
      </Form>
    </section>
  );
}

const fieldOrder: LetterField[] = ["states", "body", "name", "email", "city", "country", "appear", "delivery"];

function ComposeForm({ data, compose }: { data: LoaderData; compose: Compose }) {
  const { t, tk, n, locale } = useI18n();
  const actionData = useActionData<LettersActionData>();
  const navigation = useNavigation();
  const values = actionData?.values;
  const [clientErrors, setClientErrors] = useState<LetterErrors | null>(null);
  const errors: LetterErrors = clientErrors ?? actionData?.errors ?? {};
  const formError = clientErrors ? undefined : actionData?.formError;
  const summaryRef = useRef<HTMLDivElement>(null);
  const [powKey, setPowKey] = useState(0);
  useEffect(() => {
    if (actionData) setPowKey((k) => k + 1);
    if (actionData && (Object.keys(actionData.errors).length || actionData.formError)) summaryRef.current?.focus();
  }, [actionData]);

  // Live preview: the same merge function the server uses, over what the person has typed so far.
  const [draft, setDraft] = useState({
    body: values?.body ?? compose.template.body,
    name: values?.name ?? "",
    city: values?.city ?? "",
    country: values?.country ?? data.selection.residence ?? "",
    appear: values?.appear ?? "reachable",
  });
  const first = compose.recipients[0];
  const letterLocale = compose.template.locale as Locale;
  const preview = useMemo(() => {
    const countryName = compose.letterCountryNames[draft.country] ?? "…";
    const placeholders = { name: draft.name || `[${t("letters.name.label")}]`, city: draft.city };
    const supporter = writerValues(
      { name: placeholders.name, city: placeholders.city, country: countryName, reachable: draft.appear === "reachable" },
      compose.withheldTemplate.replace("{country}", countryName),
    );
    const values = {
      salutation: first?.salutation ?? "",
      state: first?.state ? (compose.stateNames[first.state] ?? first.state) : "",
      recipient: first?.name ?? "",
      ...supporter,
    };
    return { subject: fillTemplate(compose.template.subject, values), body: fillTemplate(draft.body, values) };
  }, [draft, compose, first, t]);

  const errorList = fieldOrder.filter((f) => errors[f]);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const parsed = parseLetterForm(form, { editable: compose.editable, maxLength: compose.maxLength });
    if (!parsed.success) {
      event.preventDefault();
      setClientErrors(parsed.errors);
      requestAnimationFrame(() => summaryRef.current?.focus());
    } else setClientErrors(null);
  }
  const update = (field: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const residenceFixed = data.mode === "residence" && data.selection.residence;
  const residenceName = data.countries.find((c) => c.code === (draft.country || data.selection.residence))?.name;

  return (
    <Form method="post" className="letters__compose" noValidate onSubmit={onSubmit}>
      {data.selection.residence ? <input type="hidden" name="residence" value={data.selection.residence} /> : null}
      {data.selection.states.map((s) => (
        <input key={s} type="hidden" name="state" value={s} />
      ))}
      <input type="hidden" name="lang" value={data.selection.letterLocale} />

      {errorList.length || formError ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="letter-errors-title">
          <p id="letter-errors-title" className="error-summary__title">
            {formError ? tk(formError.key, { minutes: n(formError.minutes ?? 1) }) : t("sign.errorSummary")}
          </p>
          {errorList.length ? (
            <ul>
              {errorList.map((field) => (
                <li key={field}>
                  <a href={`#${field === "states" ? "step-recipients" : field}`}>{tk(errors[field]!, { max: n(compose.maxLength) })}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <section className="letters__step" aria-labelledby="step-recipients">
        <h2 id="step-recipients">{t("letters.step.recipients")}</h2>
        {compose.recipients.length ? (
          <ul className="recipients">
            {compose.recipients.map((r) => (
              <li key={r.id}>
                <span className="recipients__name">{r.name}</span>{" "}
                <span className={`recipients__status${r.deliverable ? "" : " recipients__status--paused"}`}>
                  {r.deliverable ? t("letters.recipient.byEmail") : r.email ? t("letters.recipient.paused") : t("letters.recipient.noAddress")}
                </span>
                {r.demo ? <span className="badge">{t("letters.recipient.demo")}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          data.selection.states.map((s) => (
            <p key={s} className="notice">
              {t("letters.noRecipients", { state: compose.stateNames[s] ?? s })}
            </p>
          ))
        )}
        {compose.extras.length ? (
          <fieldset className="field choices">
            <legend>{t("letters.extras.legend")}</legend>
            {compose.extras.map((r) => (
              <div className="choice" key={r.id}>
                <input id={`extra-${r.id}`} type="checkbox" name="extra" value={r.id} />
                <label htmlFor={`extra-${r.id}`}>{r.name}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
      </section>

      <section className="letters__step" aria-labelledby="step-letter">
        <h2 id="step-letter">{t("letters.step.letter")}</h2>
        <p className="letters__subject" lang={letterLocale} dir={localeInfo[letterLocale].dir}>
          <span className="letters__label">{t("letters.subject")}: </span>
          {preview.subject}
        </p>
        {compose.editable ? (
          <div className={`field${errors.body ? " field--error" : ""}`}>
            <label htmlFor="body">{t("letters.body.label")}</label>
            <p className="field__hint" id="body-hint">
              {t("letters.body.hint", { max: n(compose.maxLength) })}
            </p>
            {errors.body ? (
              <p className="field__error" id="body-error">
                {tk(errors.body, { max: n(compose.maxLength) })}
              </p>
            ) : null}
            <textarea
              id="body"
              name="body"
              rows={16}
              defaultValue={values?.body ?? compose.template.body}
              onChange={update("body")}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={["body-hint", errors.body ? "body-error" : null].filter(Boolean).join(" ")}
              lang={letterLocale}
              dir={localeInfo[letterLocale].dir}
            />
          </div>
        ) : (
          <p className="field__hint">{t("letters.body.fixed")}</p>
        )}
        {first ? (
          <figure className="letter-preview" aria-labelledby="preview-heading">
            <figcaption id="preview-heading">{t("letters.preview.heading", { recipient: first.name })}</figcaption>
            <div className="letter-preview__text" lang={letterLocale} dir={localeInfo[letterLocale].dir} aria-live="polite">
              {preview.body}
            </div>
          </figure>
        ) : null}
      </section>

      <section className="letters__step" aria-labelledby="step-you">
        <h2 id="step-you">{t("letters.step.you")}</h2>
        <TextField id="name" label={t("letters.name.label")} autoComplete="name" error={errors.name} defaultValue={values?.name} onChange={update("name")} />
        <TextField
          id="email"
          label={t("letters.email.label")}
          hint={t("letters.email.hint")}
          type="email"
          autoComplete="email"
          dir="ltr"
          error={errors.email}
          defaultValue={values?.email}
        />
        <TextField
          id="city"
          label={t("letters.city.label")}
          hint={t("letters.city.hint")}
          autoComplete="address-level2"
          error={errors.city}
          defaultValue={values?.city}
          onChange={update("city")}
        />
        {residenceFixed ? (
          <>
            <input type="hidden" name="country" value={data.selection.residence ?? ""} />
            <p>
              <span className="letters__label">{t("letters.residence.label")}: </span>
              {residenceName}
            </p>
          </>
        ) : (
          <div className={`field${errors.country ? " field--error" : ""}`}>
            <label htmlFor="country">{t("letters.residence.label")}</label>
            {errors.country ? (
              <p className="field__error" id="country-error">
                {tk(errors.country)}
              </p>
            ) : null}
            <select
              id="country"
              name="country"
              defaultValue={values?.country ?? data.selection.residence ?? ""}
              onChange={update("country")}
              aria-invalid={errors.country ? true : undefined}
              aria-describedby={errors.country ? "country-error" : undefined}
            >
              <option value="">{t("sign.country.placeholder")}</option>
              {data.countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset className={`field choices${errors.appear ? " field--error" : ""}`} id="appear">
          <legend>{t("letters.appear.legend")}</legend>
          {errors.appear ? <p className="field__error">{tk(errors.appear)}</p> : null}
          <Radio name="appear" value="reachable" checked={(values?.appear ?? "reachable") === "reachable"} onChange={update("appear")}>
            {t("letters.appear.reachable")}
          </Radio>
          <Radio name="appear" value="withheld" checked={values?.appear === "withheld"} onChange={update("appear")}>
            {t("letters.appear.withheld", { country: residenceName ?? t("letters.appear.yourCountry") })}
          </Radio>
        </fieldset>
        <fieldset className={`field choices${errors.delivery ? " field--error" : ""}`} id="delivery">
          <legend>{t("letters.send.legend")}</legend>
          {errors.delivery ? <p className="field__error">{tk(errors.delivery)}</p> : null}
          <Radio name="delivery" value="platform" checked={(values?.delivery ?? "platform") === "platform"}>
            {t("letters.send.platform")}
          </Radio>
          <Radio name="delivery" value="self" checked={values?.delivery === "self"}>
            {t("letters.send.self")}
          </Radio>
        </fieldset>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t("sign.honeypot.label")}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <ProofOfWork key={powKey} locale={locale} />
        <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
          {t("letters.submit")}
        </button>
      </section>
    </Form>
  );
}

function TextField(props: {
  id: LetterField;
  label: string;
  hint?: string;
  type?: string;
  autoComplete?: string;
  dir?: "ltr" | "rtl" | "auto";
  error?: string;
  defaultValue?: string;
  onChange?: (e: { currentTarget: { value: string } }) => void;
}) {
  const { tk } = useI18n();
  const describedBy = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${props.error ? " field--error" : ""}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <p className="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={`${props.id}-error`}>
          {tk(props.error as never)}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        dir={props.dir ?? "auto"}
        defaultValue={props.defaultValue ?? ""}
        onChange={props.onChange}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

function Radio({
  name,
  value,
  checked,
  onChange,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange?: (e: { currentTarget: { value: string } }) => void;
  children: React.ReactNode;
}) {
  const id = `${name}-${value}`;
  return (
    <div className="choice">
      <input id={id} type="radio" name={name} value={value} defaultChecked={checked} onChange={onChange} />
      <label htmlFor={id}>{children}</label>
    </div>
  );
}

function SelfSend({ letters, letterLocale }: { letters: SelfSendLetter[]; letterLocale: Locale }) {
  const { t, href } = useI18n();
  const [scripted, setScripted] = useState(false);
  const [copied, setCopied] = useState<number | null>(null);
  useEffect(() => setScripted(true), []);
  const today = new Intl.DateTimeFormat(localeInfo[letterLocale].intl, { dateStyle: "long" }).format(new Date());
  return (
    <section className="self-send" aria-labelledby="self-heading">
      <h2 id="self-heading">{t("letters.self.heading")}</h2>
      <p className="no-print">{t("letters.self.intro")}</p>
      <p className="no-print">
        {scripted ? (
          <button type="button" className="button button--secondary" onClick={() => window.print()}>
            {t("letters.self.print")}
          </button>
        ) : (
          t("letters.self.printHint")
        )}
      </p>
      {letters.map((letter, i) => (
        <article key={i} className="printable-letter">
          <h3>{letter.recipient}</h3>
          {letter.postalAddress ? (
            <address className="printable-letter__address">
              <span className="letters__label no-print">{t("letters.self.postal")}: </span>
              {letter.postalAddress}
            </address>
          ) : null}
          <p className="printable-letter__date" lang={letterLocale} dir={localeInfo[letterLocale].dir}>
            {today}
          </p>
          <p className="no-print">
            <a className="button button--primary" href={letter.mailto}>
              {t("letters.self.mailto", { recipient: letter.recipient })}
            </a>
          </p>
          {!letter.email ? <p className="notice no-print">{t("letters.self.noAddress")}</p> : null}
          {!letter.complete ? <p className="notice no-print">{t("letters.self.cut")}</p> : null}
          <p className="printable-letter__subject" lang={letterLocale} dir={localeInfo[letterLocale].dir}>
            <strong>{letter.subject}</strong>
          </p>
          <div className="printable-letter__body" lang={letterLocale} dir={localeInfo[letterLocale].dir}>
            {letter.body}
          </div>
          {scripted ? (
            <p className="no-print">
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() =>
                  void navigator.clipboard?.writeText(`${letter.subject}\n\n${letter.body}`).then(
                    () => setCopied(i),
                    () => setCopied(null),
                  )
                }
              >
                {copied === i ? t("letters.self.copied") : t("letters.self.copy")}
              </button>
            </p>
          ) : null}
        </article>
      ))}
      <p className="no-print">
        <Link to={href("/")}>{t("error.backHome")}</Link>
      </p>
    </section>
  );
}

function Figures({ data }: { data: LoaderData }) {
  const { t, n, href } = useI18n();
  const fewer = t("petition.countries.fewerThan", { n: n(data.threshold) });
  return (
    <section className="country-counts no-print" aria-labelledby="letters-figures">
      <h2 id="letters-figures">{t("letters.figures.heading")}</h2>
      <p className="progress__count">
        <strong>{t("letters.figures.total", { count: n(data.figures.total), n: data.figures.total })}</strong>
      </p>
      <div className="country-counts__layout">
        <figure className="country-counts__map">
          <img src={href(`/campaigns/${data.campaignSlug}/letters/map.svg`)} alt={t("letters.figures.mapAlt")} width={960} height={489} />
        </figure>
        <div className="country-counts__table">
          {data.figures.states.length ? (
            <table>
              <caption>{t("letters.figures.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("letters.figures.state")}</th>
                  <th scope="col">{t("letters.figures.letters")}</th>
                </tr>
              </thead>
              <tbody>
                {data.figures.states.map((s) => (
                  <tr key={s.code}>
                    <th scope="row">{s.name}</th>
                    <td>{s.count === null ? fewer : n(s.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t("letters.figures.none")}</p>
          )}
        </div>
      </div>
    </section>
  );
}
