import { translator, type Locale } from "../app/i18n";
import { EmailLayout, P, TextLink, renderHtml, textBody } from "./layout";

export interface SignatureAlreadyData {
  name: string;
  petitionTitle: string;
  withdrawUrl: string;
}

export function signatureAlready(locale: Locale, d: SignatureAlreadyData) {
  const t = translator(locale);
  const subject = t("email.signatureAlready.subject");
  const text = textBody(
    t("email.greeting", { name: d.name }),
    t("email.signatureAlready.body", { title: d.petitionTitle }),
    t("email.signatureAlready.notYou"),
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    `${t("email.signoff")}\n${t("site.name")}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{t("email.signatureAlready.body", { title: d.petitionTitle })}</P>
      <P>{t("email.signatureAlready.notYou")}</P>
      <P>
        {t("email.withdraw.intro")} <TextLink href={d.withdrawUrl}>{t("email.withdraw.link")}</TextLink>
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
