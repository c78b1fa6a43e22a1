// Content-Security-Policy for HTML documents. Inline scripts (Remix's hydration data and module loader) are
// allowed by their SHA-256 hashes, computed from the document itself, instead of by nonces: a cached page can
// then be served to many readers, pre-compressed, without ever reusing a nonce, and an injected script can
// never match. See docs/decisions/0004-csp-hashes.md.
import crypto from "node:crypto";

const inlineScript = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(inlineScript)) {
    const attributes = match[1] ?? "";
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const body = match[2] ?? "";
    hashes.add(`'sha256-${crypto.createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

export interface CspOptions {
  /** Extra sources for connect-src (the dev server's live-reload socket). */
  connectSrc?: string[];
  upgradeInsecureRequests?: boolean;
}

export function documentCsp(html: string, options: CspOptions = {}): string {
  const hashes = inlineScriptHashes(html);
  const hasExternalScripts = /<script\b[^>]*\ssrc\s*=/i.test(html) || /rel="modulepreload"/.test(html);
  const scriptSrc = hashes.length || hasExternalScripts ? ["'self'", ...hashes].join(" ") : "'none'";
  const directives = [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${["'self'", ...(options.connectSrc ?? [])].join(" ")}`,
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ];
  if (options.upgradeInsecureRequests) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** For every response that is not an HTML document (JSON, CSV, files): nothing may run or load. */
export const nonDocumentCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
