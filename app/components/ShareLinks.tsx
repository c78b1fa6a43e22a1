// Ways to share a page: plain links to the services people use (nothing is loaded from them unless the
// person follows a link), plus, when JavaScript runs, the device's own share sheet and a copy button.
import { useEffect, useState } from "react";
import { useI18n } from "~/i18n";
import { shareLinks } from "~/utils/share";

export function ShareLinks({ url, text, subject }: { url: string; text: string; subject: string }) {
  const { t } = useI18n();
  // The share sheet and the copy button need JavaScript: they appear only once it runs.
  const [scripted, setScripted] = useState(false);
  const [canShare, setCanShare] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    setScripted(true);
    setCanShare(typeof navigator.share === "function");
  }, []);
  const links = shareLinks({ url, text, emailSubject: subject, emailLabel: t("thanks.share.email") });
  return (
    <div className="share">
      <p className="share__url">
        <bdi dir="ltr">{url}</bdi>
      </p>
      <ul className="share__links">
        {links.map((link) => (
          <li key={link.id}>
            <a href={link.href} rel="noreferrer noopener" target="_blank">
              {link.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="share__actions">
        {canShare ? (
          <button type="button" className="button button--secondary" onClick={() => void navigator.share({ url, text, title: subject }).catch(() => {})}>
            {t("thanks.share.native")}
          </button>
        ) : null}
        {scripted ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(url).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? t("thanks.share.copied") : t("thanks.share.copy")}
          </button>
        ) : null}
        <span role="status" className="visually-hidden">
          {copied ? t("thanks.share.copied") : ""}
        </span>
      </div>
    </div>
  );
}
