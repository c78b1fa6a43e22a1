import { translator, type Locale } from "../app/i18n";
import { shareLinks } from "../app/utils/share";
import { ButtonLink, EmailLayout, P, TextLink, renderHtml, textBody } from "./layout";

export interface SignatureThanksData {
  name: string;
  petitionTitle: string;
  petitionUrl: string;
  lettersUrl: string | null;
  withdrawUrl: string;
}

export function signatureThanks(locale: Locale, d: SignatureThanksData) {
  const t = translator(locale);
  const shareText = t("thanks.share.text", { title: d.petitionTitle });
  const links = shareLinks({ url: d.petitionUrl, text: shareText, emailSubject: d.petitionTitle, emailLabel: t("thanks.share.email") });
  const subject = t("email.thanks.subject");
  const text = textBody(
    t("email.greeting", { name: d.name }),
    t("email.thanks.body", { title: d.petitionTitle }),
    `${t("email.thanks.share")}\n${d.petitionUrl}`,
    d.lettersUrl && `${t("email.thanks.write")}\n${d.lettersUrl}`,
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    `${t("email.signoff")}\n${t("site.name")}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{t("email.thanks.body", { title: d.petitionTitle })}</P>
      <P>{t("email.thanks.share")}</P>
      <P>
        <TextLink href={d.petitionUrl}>{d.petitionUrl}</TextLink>
      </P>
      <P>
        {links.map((link, i) => (
          <span key={link.id}>
            {i > 0 ? " · " : null}
            <TextLink href={link.href}>{link.label}</TextLink>
          </span>
        ))}
      </P>
      {d.lettersUrl ? (
        <>
          <P>{t("email.thanks.write")}</P>
          <ButtonLink href={d.lettersUrl}>{t("email.thanks.writeLink")}</ButtonLink>
        </>
      ) : null}
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
