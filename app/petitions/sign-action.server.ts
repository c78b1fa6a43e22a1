// The sign form's action: checks in the order that costs least and reveals least — honeypot, per-address
// limit, the shared schema, email policy, proof of work, per-email limit — then records the signature and
// redirects to the same "check your email" page whatever happened behind it.
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localizePath, type Locale, type MessageKey } from "~/i18n";
import { lookupHash } from "~/utils/crypto.server";
import { isCountryCode } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { commitGrouped } from "~/utils/group-commit.server";
import { canonicalEmail, isDisposableEmail, suggestEmail } from "~/utils/email-address.server";
import { notFound, requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";
import { verifyPow } from "~/utils/pow.server";
import { limitAddress, limitEmail, type LimitResult } from "~/utils/rate-limit.server";
import { findPetition, isOpen } from "./petition.server";
import { formValues, parseSignature, type FieldErrors, type SignatureFormValues } from "./signature-schema";
import { recordSignature } from "./signing.server";

export interface SignActionData {
  values: SignatureFormValues;
  errors: FieldErrors;
  /** A message about the whole form (limits, closed petition, failed check). */
  formError?: { key: MessageKey; minutes?: number };
  /** A likely intended email address when the domain looks mistyped. */
  suggestion?: string;
}

const noStore = { "Cache-Control": "no-store" };

/**
 * What a submission of the sign form comes to: a redirect to the "check your email" page (whatever happened
 * behind it), or the form again with errors. Independent of Remix, so that the server entry can answer a plain
 * HTML form post without going through the router (app/server/sign-fast-path.ts), and the route action can
 * answer everything else with the same code.
 */
export type SignOutcome =
  | { type: "redirect"; location: string }
  | { type: "reply"; status: number; data: SignActionData; headers?: Record<string, string> }
  | { type: "not-found" };

/** The fields the form defines, from a submitted form; anything else a client sends is ignored. */
export const signFormFields = ["fullName", "email", "country", "comment", "showPublicly", "wantsUpdates", "website", "altcha", "keepEmail", "useEmail"] as const;

export function pickSignFields(get: (name: string) => unknown): Record<string, string> {
  const form: Record<string, string> = {};
  for (const name of signFormFields) {
    const value = get(name);
    if (typeof value === "string") form[name] = value;
  }
  return form;
}

function limited(values: SignatureFormValues, limit: Exclude<LimitResult, { ok: true }>): SignOutcome {
  const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
  return {
    type: "reply",
    status: 429,
    data: { values, errors: {}, formError: { key: limit.scope === "email" ? "sign.error.emailRateLimited" : "sign.error.rateLimited", minutes } },
    headers: { "Retry-After": String(limit.retryAfterSeconds) },
  };
}

export async function submitSignature({ slug, locale, form, clientIp }: { slug: string; locale: Locale; form: Record<string, string>; clientIp: string }): Promise<SignOutcome> {
  const database = db();
  const found = findPetition(database, slug);
  if (!found) return { type: "not-found" };
  const checkEmailPath = localizePath(locale, `/petitions/${found.petition.slug}/check-email`);

  if (form.useEmail) form.email = form.useEmail;
  const values = formValues(form);

  if (!isOpen(found.petition)) return { type: "reply", status: 403, data: { values, errors: {}, formError: { key: "sign.error.closed" } } };

  // A filled honeypot is a program: it gets the same page as everyone, and nothing is stored.
  if (form.website) return { type: "redirect", location: checkEmailPath };

  const addressHash = lookupHash("ip", clientIp || "unknown");
  const addressLimit = await limitAddress(addressHash);
  if (!addressLimit.ok) return limited(values, addressLimit);

  const parsed = parseSignature(form);
  const errors: FieldErrors = parsed.success ? {} : parsed.errors;
  let suggestion: string | undefined;
  if (parsed.success) {
    const { data } = parsed;
    if (!isCountryCode(database, data.country)) errors.country = "sign.error.countryRequired";
    if (isDisposableEmail(data.email)) errors.email = "sign.error.emailDisposable";
    else {
      const suggested = suggestEmail(data.email);
      if (suggested && form.keepEmail !== data.email) {
        errors.email = "sign.error.emailSuggestion";
        suggestion = suggested;
      }
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { type: "reply", status: 400, data: { values, errors, suggestion } };
  const input = parsed.data;

  const pow = await verifyPow(form.altcha);
  if (pow.status === "invalid") return { type: "reply", status: 400, data: { values, errors: {}, formError: { key: "sign.error.powFailed" } } };

  const emailHash = lookupHash("email", canonicalEmail(input.email));
  const emailLimit = await limitEmail(emailHash);
  if (!emailLimit.ok) return limited(values, emailLimit);

  // Answered once the signature is committed, in one transaction with the others of this moment (group commit).
  const ctx = { locale, ipHash: addressHash, powVerified: pow.status === "verified", emailHash };
  const outcome = await commitGrouped(database, () => recordSignature(database, found, input, ctx));
  logger().info({ petition: found.petition.slug, outcome, pow: pow.status }, "signature submitted");
  return { type: "redirect", location: checkEmailPath };
}

/** The route's action: the outcome the server entry already reached for this request, or a new one. */
export async function signAction({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  let outcome = context.signOutcome;
  if (!outcome) {
    let form: Record<string, string>;
    try {
      const formData = await request.formData();
      form = pickSignFields((name) => formData.get(name));
    } catch {
      throw new Response("Bad request", { status: 400, headers: noStore });
    }
    outcome = await submitSignature({ slug: params.slug ?? "", locale, form, clientIp: context.clientIp });
  }
  if (outcome.type === "not-found") throw notFound();
  if (outcome.type === "redirect") return redirect(outcome.location, { status: 303, headers: noStore });
  return json(outcome.data, { status: outcome.status, headers: { ...noStore, ...outcome.headers } });
}
