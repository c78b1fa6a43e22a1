// The copy of a supporter's data, sent to the address it concerns (and only there).
import { formatIsoDate, translator, type Locale } from "../app/i18n";
import type { HeldData } from "../app/privacy/rights.server";
import { EmailLayout, P, TextLink, renderHtml, textBody } from "./layout";

export interface DataCopyData {
  data: HeldData;
  erasureUrl: string;
}

export function dataCopy(locale: Locale, d: DataCopyData) {
  const t = translator(locale);
  const date = (iso: string) => formatIsoDate(locale, iso.slice(0, 10));
  const yesNo = (v: boolean) => (v ? t("email.dataCopy.yes") : t("email.dataCopy.no"));
  const signatures = d.data.signatures.map((s) =>
    [
      t("email.dataCopy.signature", { petition: s.petition, name: s.name, country: s.country, status: s.status, date: date(s.signedAt) }),
      t("email.dataCopy.choices", { shown: yesNo(s.showPublicly), updates: yesNo(s.wantsUpdates) }),
      s.comment ? t("email.dataCopy.comment", { comment: s.comment }) : null,
    ]
      .filter(Boolean)
      .join("\n"),
  );
  const letters = d.data.letters.map((l) =>
    [
      t("email.dataCopy.letter", {
        date: date(l.writtenAt),
        name: [l.name, l.city].filter(Boolean).join(", "),
        country: l.country,
        appear: l.reachable ? t("email.dataCopy.withName") : t("email.dataCopy.withheld"),
      }),
      ...l.recipients.map((r) => `  ${t("email.dataCopy.recipient", { name: r.name, status: r.status })}`),
    ].join("\n"),
  );
  const empty = !signatures.length && !letters.length;
  const subject = t("email.dataCopy.subject");
  const text = textBody(
    empty ? t("email.dataCopy.none") : t("email.dataCopy.intro"),
    signatures.length ? `${t("email.dataCopy.signatures")}\n\n${signatures.join("\n\n")}` : null,
    letters.length ? `${t("email.dataCopy.letters")}\n\n${letters.join("\n\n")}` : null,
    empty ? null : `${t("email.dataCopy.erase")}\n${d.erasureUrl}`,
    t("site.name"),
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      <P>{empty ? t("email.dataCopy.none") : t("email.dataCopy.intro")}</P>
      {signatures.length ? (
        <>
          <h2 style={{ fontSize: 18 }}>{t("email.dataCopy.signatures")}</h2>
          {signatures.map((s, i) => (
            <P key={i}>
              {s.split("\n").map((line, j) => (
                <span key={j}>
                  {j > 0 ? <br /> : null}
                  {line}
                </span>
              ))}
            </P>
          ))}
        </>
      ) : null}
      {letters.length ? (
        <>
          <h2 style={{ fontSize: 18 }}>{t("email.dataCopy.letters")}</h2>
          {letters.map((l, i) => (
            <P key={i}>
              {l.split("\n").map((line, j) => (
                <span key={j}>
                  {j > 0 ? <br /> : null}
                  {line}
                </span>
              ))}
            </P>
          ))}
        </>
      ) : null}
      {empty ? null : (
        <P>
          {t("email.dataCopy.erase")} <TextLink href={d.erasureUrl}>{d.erasureUrl}</TextLink>
        </P>
      )}
    </EmailLayout>,
  );
  return { subject, text, html };
}
