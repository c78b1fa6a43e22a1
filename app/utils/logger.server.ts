// Structured logs (JSON lines on stdout). Supporters' personal data must never reach them: known fields are
// redacted by pino, and URLs are logged through redactUrl(), which hides tokens and query strings.
import { pino } from "pino";
import { env } from "./env.server";

export const redactedPaths = [
  "email",
  "*.email",
  "name",
  "*.name",
  "fullName",
  "*.fullName",
  "token",
  "*.token",
  "comment",
  "*.comment",
  "city",
  "*.city",
  "to",
  "*.to",
  "ip",
  "*.ip",
  "headers.cookie",
  "headers.authorization",
  "password",
  "*.password",
];

let instance: pino.Logger | undefined;

export function logger(): pino.Logger {
  instance ??= pino({
    level: env().logLevel,
    base: undefined,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  });
  return instance;
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Whether a path segment may carry a secret: any run of 16 or more base64url characters (tokens, and the
 * `hash.mac` pairs of unsubscribe and opt-out links), unless the segment is a readable slug such as
 * `justice-for-the-victims-of-1988` (a random token is practically never all lower-case words).
 */
function isSecretSegment(segment: string): boolean {
  return /[A-Za-z0-9_-]{16,}/.test(segment) && !slugPattern.test(segment);
}

/** A URL safe to log: the path with secret-looking segments replaced, and no query string. */
export function redactUrl(url: string): string {
  const [pathname = "/", query] = url.split("?", 2);
  const safePath = pathname
    .split("/")
    .map((segment) => (isSecretSegment(segment) ? ":secret" : segment))
    .join("/");
  return query === undefined ? safePath : `${safePath}?…`;
}
