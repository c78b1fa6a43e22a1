import { formatNumber, translator, type Locale } from "../app/i18n";
import { ButtonLink, EmailLayout, P, renderHtml, textBody } from "./layout";

export interface DataEraseData {
  /** Null when nothing is held about the address. */
  eraseUrl: string | null;
  validDays: number;
}

export function dataErase(locale: Locale, d: DataEraseData) {
  const t = translator(locale);
  const days = formatNumber(locale, d.validDays);
  const subject = t("email.dataErase.subject");
  const text = textBody(
    d.eraseUrl ? `${t("email.dataErase.action", { days })}\n${d.eraseUrl}` : t("email.dataErase.none"),
    d.eraseUrl ? t("email.dataErase.ignore") : null,
    t("site.name"),
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      {d.eraseUrl ? (
        <>
          <P>{t("email.dataErase.action", { days })}</P>
          <ButtonLink href={d.eraseUrl}>{t("rights.erase.button")}</ButtonLink>
          <P>{t("email.dataErase.ignore")}</P>
        </>
      ) : (
        <P>{t("email.dataErase.none")}</P>
      )}
    </EmailLayout>,
  );
  return { subject, text, html };
}
