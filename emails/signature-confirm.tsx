import { formatNumber, translator, type Locale } from "../app/i18n";
import { ButtonLink, EmailLayout, P, TextLink, renderHtml, textBody } from "./layout";

export interface SignatureConfirmData {
  name: string;
  petitionTitle: string;
  confirmUrl: string;
  withdrawUrl: string;
  validDays: number;
}

export function signatureConfirm(locale: Locale, d: SignatureConfirmData) {
  const t = translator(locale);
  const days = formatNumber(locale, d.validDays);
  const subject = t("email.signatureConfirm.subject");
  const text = textBody(
    t("email.greeting", { name: d.name }),
    t("email.signatureConfirm.intro", { title: d.petitionTitle }),
    `${t("email.signatureConfirm.action", { days })}\n${d.confirmUrl}`,
    t("email.signatureConfirm.ignore"),
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    `${t("email.signoff")}\n${t("site.name")}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{t("email.signatureConfirm.intro", { title: d.petitionTitle })}</P>
      <P>{t("email.signatureConfirm.action", { days })}</P>
      <ButtonLink href={d.confirmUrl}>{t("email.signatureConfirm.button")}</ButtonLink>
      <P>{t("email.signatureConfirm.ignore")}</P>
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
