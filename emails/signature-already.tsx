import { translator, type Locale } from "../app/i18n";
import { EmailLayout, P, renderHtml, senderName, textBody, TextLink } from "./layout";

export interface SignatureAlreadyData {
  name: string;
  petitionTitle: string;
  withdrawUrl: string;
  discreet?: boolean;
  unsubscribeUrl?: string | null;
}

export function signatureAlready(locale: Locale, d: SignatureAlreadyData) {
  const t = translator(locale);
  const subject = d.discreet ? t("email.discreet.subject") : t("email.signatureAlready.subject");
  const body = d.discreet ? t("email.discreet.already") : t("email.signatureAlready.body", { title: d.petitionTitle });
  const text = textBody(
    t("email.greeting", { name: d.name }),
    body,
    t("email.signatureAlready.notYou"),
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    d.unsubscribeUrl && `${t("email.unsubscribe")}\n${d.unsubscribeUrl}`,
    `${t("email.signoff")}\n${senderName(locale, d.discreet)}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale} discreet={d.discreet}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{body}</P>
      <P>{t("email.signatureAlready.notYou")}</P>
      <P>
        {t("email.withdraw.intro")} <TextLink href={d.withdrawUrl}>{t("email.withdraw.link")}</TextLink>
      </P>
      {d.unsubscribeUrl ? (
        <P>
          {t("email.unsubscribe")} <TextLink href={d.unsubscribeUrl}>{d.unsubscribeUrl}</TextLink>
        </P>
      ) : null}
      <P>
        {t("email.signoff")}
        <br />
        {senderName(locale, d.discreet)}
      </P>
    </EmailLayout>,
  );
  return { subject, text, html };
}
