// The frame of every HTML email: plain, readable in any client, right-to-left for Persian. Email clients
// need inline styles; React escapes every value we put in.
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { localeInfo, translate, type Locale } from "../app/i18n";

const font = {
  en: "Georgia, 'Times New Roman', serif",
  fa: "Tahoma, 'Segoe UI', Arial, sans-serif",
};

/** The name supporters' emails are signed with: neutral in discreet mode, so nothing in the message names the cause. */
export function senderName(locale: Locale, discreet?: boolean): string {
  return translate(locale, discreet ? "email.discreet.from" : "site.name");
}

/**
 * `footer`: the platform's note to supporters (letters to missions carry their own note instead).
 * `discreet`: sign the footer with the neutral sender name.
 */
export function EmailLayout({ locale, children, footer = true, discreet }: { locale: Locale; children: ReactNode; footer?: boolean; discreet?: boolean }) {
  const { dir } = localeInfo[locale];
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f4f1ea" }}>
        <div
          dir={dir}
          style={{
            maxWidth: 560,
            margin: "0 auto",
            padding: "24px 20px",
            background: "#ffffff",
            color: "#1b1b1b",
            fontFamily: font[locale],
            fontSize: 16,
            lineHeight: locale === "fa" ? 1.9 : 1.6,
            textAlign: dir === "rtl" ? "right" : "left",
          }}
        >
          {children}
          {footer ? (
            <p style={{ marginTop: 32, fontSize: 13, color: "#4a4a4a", borderTop: "1px solid #d9d4ca", paddingTop: 12 }}>
              {senderName(locale, discreet)} · {translate(locale, "email.footer")}
            </p>
          ) : null}
        </div>
      </body>
    </html>
  );
}

export function P({ children }: { children: ReactNode }) {
  return <p style={{ margin: "0 0 16px" }}>{children}</p>;
}

export function ButtonLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p style={{ margin: "24px 0" }}>
      <a
        href={href}
        style={{ background: "#7a1c1c", color: "#ffffff", padding: "12px 20px", borderRadius: 4, textDecoration: "none", display: "inline-block" }}
      >
        {children}
      </a>
    </p>
  );
}

export function TextLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} style={{ color: "#1f4e79" }}>
      {children}
    </a>
  );
}

export function renderHtml(element: ReactNode): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<>{element}</>)}`;
}

/** Joins text paragraphs with blank lines (the plain-text part of every email). */
export function textBody(...paragraphs: (string | false | null | undefined)[]): string {
  return paragraphs.filter(Boolean).join("\n\n") + "\n";
}
