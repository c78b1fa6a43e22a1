import { translator, type Locale } from "../app/i18n";
import { EmailLayout, P, TextLink, renderHtml, textBody } from "./layout";

export interface LetterReceiptData {
  name: string;
  recipients: string[];
  statusUrl: string;
}

export function letterReceipt(locale: Locale, d: LetterReceiptData) {
  const t = translator(locale);
  const subject = t("email.letterReceipt.subject");
  const text = textBody(
    t("email.greeting", { name: d.name }),
    `${t("email.letterReceipt.body")}\n${d.recipients.map((r) => `- ${r}`).join("\n")}`,
    t("email.letterReceipt.pacing"),
    `${t("email.letterReceipt.status")}\n${d.statusUrl}`,
    `${t("email.signoff")}\n${t("site.name")}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{t("email.letterReceipt.body")}</P>
      <ul>
        {d.recipients.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <P>{t("email.letterReceipt.pacing")}</P>
      <P>
        {t("email.letterReceipt.status")} <TextLink href={d.statusUrl}>{d.statusUrl}</TextLink>
      </P>
      <P>
        {t("email.signoff")}
        <br />
        {t("site.name")}
      </P>
    </EmailLayout>,
  );
  return { subject, text, html };
}
