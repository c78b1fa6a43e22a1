import { formatNumber, translator, type Locale } from "../app/i18n";
import { ButtonLink, EmailLayout, P, renderHtml, senderName, textBody } from "./layout";

export interface LetterConfirmData {
  name: string;
  recipients: string[];
  skipped: { name: string; reason: "already" | "limit" }[];
  /** Null when there is nothing new to send. */
  confirmUrl: string | null;
  validDays: number;
  /** Discreet mode: neutral subject and sender, and no names of missions (which would hint at the cause). */
  discreet?: boolean;
}

export function letterConfirm(locale: Locale, d: LetterConfirmData) {
  const t = translator(locale);
  const days = formatNumber(locale, d.validDays);
  const skipped = (d.discreet ? [] : d.skipped).map((s) =>
    s.reason === "already" ? t("email.letterConfirm.skippedAlready", { name: s.name }) : t("email.letterConfirm.skippedLimit", { name: s.name }),
  );
  const subject = d.discreet
    ? t(d.confirmUrl ? "email.discreet.confirmSubject" : "email.discreet.subject")
    : t(d.confirmUrl ? "email.letterConfirm.subject" : "email.letterConfirm.subjectNothing");
  const intro = d.discreet ? t("email.discreet.confirmIntro") : `${t("email.letterConfirm.intro")}\n${d.recipients.map((r) => `- ${r}`).join("\n")}`;
  const text = textBody(
    t("email.greeting", { name: d.name }),
    d.confirmUrl && intro,
    skipped.length ? skipped.join("\n") : null,
    d.confirmUrl ? `${t("email.letterConfirm.action", { days })}\n${d.confirmUrl}` : t("email.letterConfirm.nothingNew"),
    d.confirmUrl && t("email.letterConfirm.ignore"),
    `${t("email.signoff")}\n${senderName(locale, d.discreet)}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale} discreet={d.discreet}>
      <P>{t("email.greeting", { name: d.name })}</P>
      {d.confirmUrl && d.discreet ? <P>{intro}</P> : null}
      {d.confirmUrl && !d.discreet ? (
        <>
          <P>{t("email.letterConfirm.intro")}</P>
          <ul>
            {d.recipients.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
      {skipped.map((line) => (
        <P key={line}>{line}</P>
      ))}
      {d.confirmUrl ? (
        <>
          <P>{t("email.letterConfirm.action", { days })}</P>
          <ButtonLink href={d.confirmUrl}>{t("email.letterConfirm.button")}</ButtonLink>
          <P>{t("email.letterConfirm.ignore")}</P>
        </>
      ) : (
        <P>{t("email.letterConfirm.nothingNew")}</P>
      )}
      <P>
        {t("email.signoff")}
        <br />
        {senderName(locale, d.discreet)}
      </P>
    </EmailLayout>,
  );
  return { subject, text, html };
}
