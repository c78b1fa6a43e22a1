// Email addresses: the canonical form that identifies a person (one signature per person), refusal of
// disposable-address services, and suggestions for mistyped domains (gmail.con → gmail.com).
import { createRequire } from "node:module";
import { domainToASCII } from "node:url";
import spellChecker from "@zootools/email-spell-checker";
import validator from "validator";

const require = createRequire(import.meta.url);
// The package's data file (maintained from github.com/disposable-email-domains); its JS entry is not used.
const disposableDomains = new Set<string>(require("disposable-email-domains-js/dist/dict/disposable_email_blocklist.json") as string[]);

function split(email: string): [local: string, domain: string] {
  const at = email.lastIndexOf("@");
  return [email.slice(0, at), email.slice(at + 1)];
}

/**
 * The form of an address that identifies its mailbox: case-folded, the domain in ASCII (IDNA), and for
 * providers that ignore them, dots and "+tags" removed (Gmail: both, and googlemail.com is gmail.com;
 * Outlook, iCloud, Yahoo, Yandex: sub-addresses).
 */
export function canonicalEmail(email: string): string {
  const [local, domain] = split(email.trim().normalize("NFC"));
  const asciiDomain = domainToASCII(domain.toLowerCase()) || domain.toLowerCase();
  const normalized = validator.normalizeEmail(`${local}@${asciiDomain}`, {
    all_lowercase: true,
    gmail_lowercase: true,
    gmail_remove_dots: true,
    gmail_remove_subaddress: true,
    gmail_convert_googlemaildotcom: true,
    outlookdotcom_lowercase: true,
    outlookdotcom_remove_subaddress: true,
    yahoo_lowercase: true,
    yahoo_remove_subaddress: true,
    icloud_lowercase: true,
    icloud_remove_subaddress: true,
    yandex_lowercase: true,
    yandex_convert_yandexru: true,
  });
  return normalized || `${local.toLowerCase()}@${asciiDomain}`;
}

/** True when the address belongs to a throwaway-mailbox service (the domain or any parent domain). */
export function isDisposableEmail(email: string): boolean {
  const [, domain] = split(email.toLowerCase());
  const ascii = domainToASCII(domain) || domain;
  const labels = ascii.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    if (disposableDomains.has(labels.slice(i).join("."))) return true;
  }
  return false;
}

/** Suggested domains by typed domain (the spell checker's answer depends on the domain only). */
const domainSuggestions = new Map<string, string | null>();
const maxRememberedDomains = 10_000;

/** A likely intended address when the domain looks mistyped, or null. */
export function suggestEmail(email: string): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  let suggested = domainSuggestions.get(domain);
  if (suggested === undefined) {
    // Asked with a neutral local part: the answer is remembered for everyone who types this domain.
    const suggestion = spellChecker.run({ email: `x@${domain}` });
    suggested = suggestion && suggestion.domain.toLowerCase() !== domain ? suggestion.domain : null;
    if (domainSuggestions.size >= maxRememberedDomains) domainSuggestions.clear();
    domainSuggestions.set(domain, suggested);
  }
  return suggested === null ? null : `${local}@${suggested}`;
}
