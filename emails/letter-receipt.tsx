import { translator, type Locale } from "../app/i18n";
import { EmailLayout, P, renderHtml, senderName, textBody, TextLink } from "./layout";

export interface LetterReceiptData {
  name: string;
  recipients: string[];
  statusUrl: string;
  /** Discreet mode: neutral subject and sender, and no names of missions. */
  discreet?: boolean;
}

export function letterReceipt(locale: Locale, d: LetterReceiptData) {
  const t = translator(locale);
  const subject = t(d.discreet ? "email.discreet.subject" : "email.letterReceipt.subject");
  const text = textBody(
    t("email.greeting", { name: d.name }),
    d.discreet ? t("email.discreet.thanks") : `${t("email.letterReceipt.body")}\n${d.recipients.map((r) => `- ${r}`).join("\n")}`,
    d.discreet ? null : t("email.letterReceipt.pacing"),
    `${t("email.letterReceipt.status")}\n${d.statusUrl}`,
    `${t("email.signoff")}\n${senderName(locale, d.discreet)}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale} discreet={d.discreet}>
      <P>{t("email.greeting", { name: d.name })}</P>
      {d.discreet ? (
        <P>{t("email.discreet.thanks")}</P>
      ) : (
        <>
          <P>{t("email.letterReceipt.body")}</P>
          <ul>
            {d.recipients.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <P>{t("email.letterReceipt.pacing")}</P>
        </>
      )}
      <P>
        {t("email.letterReceipt.status")} <TextLink href={d.statusUrl}>{d.statusUrl}</TextLink>
      </P>
      <P>
        {t("email.signoff")}
        <br />
        {senderName(locale, d.discreet)}
      </P>
    </EmailLayout>,
  );
  return { subject, text, html };
}
