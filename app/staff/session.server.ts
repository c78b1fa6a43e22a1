// The staff session cookie and the guard every staff loader and action calls first.
import { createCookie, redirect } from "@remix-run/node";
import { localeFromPath, localizePath } from "~/i18n";
import { lookupHash } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { absoluteHours, hasRecentTwoFactor, readSession } from "./auth.server";
import { can, requiresTwoFactor, type Permission } from "./permissions";

/** __Host- prefix (Secure, Path=/, no Domain) behind HTTPS; a plain name on a local http:// trial. */
export function staffCookie() {
  const config = env();
  return createCookie(config.isHttps ? "__Host-staff" : "staff_session", {
    httpOnly: true,
    secure: config.isHttps,
    sameSite: "strict",
    path: "/",
    maxAge: absoluteHours * 3600,
  });
}

export async function sessionIdFrom(request: Request): Promise<string | null> {
  const value = (await staffCookie().parse(request.headers.get("Cookie"))) as unknown;
  return typeof value === "string" ? value : null;
}

export async function setSessionCookie(sessionId: string) {
  return staffCookie().serialize(sessionId);
}

export async function clearSessionCookie() {
  return staffCookie().serialize("", { maxAge: 0 });
}

export function staffIpHash(clientIp: string) {
  return lookupHash("ip", clientIp || "unknown");
}

const noStore = { "Cache-Control": "no-store" };

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, headers: noStore });
}

/**
 * The signed-in staff member, with the permission asked for. No session: redirect to the login page (or 401
 * for a non-GET). A session without the permission: 403. An admin or exporter who has not set up two-factor
 * authentication is sent to set it up before anything else.
 */
/**
 * Where to come back to after signing in, as a query string: the page asked for, unless its address is too
 * long to echo in a Location header (a hostile or broken link); then the staff home page.
 */
function nextParam(url: URL): string {
  const next = encodeURIComponent(url.pathname + url.search);
  return next.length <= 2000 ? `?next=${next}` : "";
}

export async function requireStaff(request: Request, permission: Permission | null, options: { recentTwoFactor?: boolean } = {}) {
  const url = new URL(request.url);
  const locale = localeFromPath(url.pathname);
  const found = readSession(db(), await sessionIdFrom(request));
  if (!found) {
    if (request.method !== "GET" && request.method !== "HEAD") throw new Response("Unauthorized", { status: 401, headers: noStore });
    throw redirect(`${localizePath(locale, "/staff/login")}${nextParam(url)}`, { headers: noStore });
  }
  const { user, session } = found;
  const enrolPath = localizePath(locale, "/staff/account/two-factor");
  if (requiresTwoFactor(user.roles) && !user.totpEnabledAt && url.pathname !== enrolPath) throw redirect(enrolPath, { headers: noStore });
  if (permission && !can(user.roles, permission)) throw forbidden();
  if (options.recentTwoFactor && !hasRecentTwoFactor(session)) {
    throw redirect(`${localizePath(locale, "/staff/two-factor")}${nextParam(url)}`, { headers: noStore });
  }
  return { user, session };
}

/** Only local paths inside the staff area may be redirect targets (no open redirects). */
export function safeStaffNext(next: string | null | undefined, locale: "en" | "fa"): string {
  const fallback = localizePath(locale, "/staff");
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  try {
    // Resolve against a placeholder origin: anything that escapes it is not a local path.
    const base = "http://localhost.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    const path = url.pathname;
    if (!/^\/(fa\/)?staff(\/|$)/.test(path)) return fallback;
    return path + url.search;
  } catch {
    return fallback;
  }
}
