import { formatNumber, translator, type Locale } from "../app/i18n";
import { ButtonLink, EmailLayout, P, renderHtml, senderName, textBody, TextLink } from "./layout";

export interface SignatureConfirmData {
  name: string;
  petitionTitle: string;
  confirmUrl: string;
  withdrawUrl: string;
  validDays: number;
  /** Discreet mode: a neutral subject and no words that name the cause. */
  discreet?: boolean;
}

export function signatureConfirm(locale: Locale, d: SignatureConfirmData) {
  const t = translator(locale);
  const days = formatNumber(locale, d.validDays);
  const subject = d.discreet ? t("email.discreet.confirmSubject") : t("email.signatureConfirm.subject");
  const intro = d.discreet ? t("email.discreet.confirmIntro") : t("email.signatureConfirm.intro", { title: d.petitionTitle });
  const text = textBody(
    t("email.greeting", { name: d.name }),
    intro,
    `${t("email.signatureConfirm.action", { days })}\n${d.confirmUrl}`,
    t("email.signatureConfirm.ignore"),
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    `${t("email.signoff")}\n${senderName(locale, d.discreet)}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale} discreet={d.discreet}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{intro}</P>
      <P>{t("email.signatureConfirm.action", { days })}</P>
      <ButtonLink href={d.confirmUrl}>{t("email.signatureConfirm.button")}</ButtonLink>
      <P>{t("email.signatureConfirm.ignore")}</P>
      <P>
        {t("email.withdraw.intro")} <TextLink href={d.withdrawUrl}>{t("email.withdraw.link")}</TextLink>
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
