// The letter itself, as the mission receives it: the supporter's text, then a short, honest note on how it
// was sent, and a way for the mission to stop receiving letters from this campaign.
import { translator, type Locale } from "../app/i18n";
import { EmailLayout, P, TextLink, renderHtml } from "./layout";

export interface LetterData {
  subject: string;
  body: string;
  reachable: boolean;
  campaignTitle: string;
  siteName: string;
  siteUrl: string;
  optOutUrl: string;
}

export function letter(locale: Locale, d: LetterData) {
  const t = translator(locale);
  const note = d.reachable
    ? t("email.letter.noteReachable", { site: d.siteName, url: d.siteUrl, campaign: d.campaignTitle })
    : t("email.letter.noteWithheld", { site: d.siteName, url: d.siteUrl, campaign: d.campaignTitle });
  const optOut = t("email.letter.optOut");
  const text = `${d.body}\n\n--\n${note}\n${optOut} ${d.optOutUrl}\n`;
  const paragraphs = d.body.split(/\n{2,}/);
  const html = renderHtml(
    <EmailLayout locale={locale} footer={false}>
      {paragraphs.map((paragraph, i) => (
        <P key={i}>
          {paragraph.split("\n").map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </P>
      ))}
      <p style={{ marginTop: 32, fontSize: 13, color: "#4a4a4a", borderTop: "1px solid #d9d4ca", paddingTop: 12 }}>
        {note} {optOut} <TextLink href={d.optOutUrl}>{d.optOutUrl}</TextLink>
      </p>
    </EmailLayout>,
  );
  return { subject: d.subject, text, html };
}
