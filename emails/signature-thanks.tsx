import { translator, type Locale } from "../app/i18n";
import { shareLinks } from "../app/utils/share";
import { ButtonLink, EmailLayout, P, renderHtml, senderName, textBody, TextLink } from "./layout";

export interface SignatureThanksData {
  name: string;
  petitionTitle: string;
  petitionUrl: string;
  lettersUrl: string | null;
  withdrawUrl: string;
  discreet?: boolean;
  unsubscribeUrl?: string | null;
}

export function signatureThanks(locale: Locale, d: SignatureThanksData) {
  const t = translator(locale);
  const shareText = t("thanks.share.text", { title: d.petitionTitle });
  const links = shareLinks({ url: d.petitionUrl, text: shareText, emailSubject: d.petitionTitle, emailLabel: t("thanks.share.email") });
  const subject = d.discreet ? t("email.discreet.subject") : t("email.thanks.subject");
  const body = d.discreet ? t("email.discreet.thanks") : t("email.thanks.body", { title: d.petitionTitle });
  // In discreet mode nothing names the cause: no sharing links, no invitation to write.
  const lettersUrl = d.discreet ? null : d.lettersUrl;
  const text = textBody(
    t("email.greeting", { name: d.name }),
    body,
    d.discreet ? null : `${t("email.thanks.share")}\n${d.petitionUrl}`,
    lettersUrl && `${t("email.thanks.write")}\n${lettersUrl}`,
    `${t("email.withdraw.intro")}\n${d.withdrawUrl}`,
    d.unsubscribeUrl && `${t("email.unsubscribe")}\n${d.unsubscribeUrl}`,
    `${t("email.signoff")}\n${senderName(locale, d.discreet)}`,
  );
  const html = renderHtml(
    <EmailLayout locale={locale} discreet={d.discreet}>
      <P>{t("email.greeting", { name: d.name })}</P>
      <P>{body}</P>
      {d.discreet ? null : (
        <>
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
        </>
      )}
      {lettersUrl ? (
        <>
          <P>{t("email.thanks.write")}</P>
          <ButtonLink href={lettersUrl}>{t("email.thanks.writeLink")}</ButtonLink>
        </>
      ) : null}
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
