// The sign form's action: checks in the order that costs least and reveals least — honeypot, per-address
// limit, the shared schema, email policy, proof of work, per-email limit — then records the signature and
// redirects to the same "check your email" page whatever happened behind it.
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localizePath, type MessageKey } from "~/i18n";
import { lookupHash } from "~/utils/crypto.server";
import { isCountryCode } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { canonicalEmail, isDisposableEmail, suggestEmail } from "~/utils/email-address.server";
import { notFound, requireLocale } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";
import { verifyPow } from "~/utils/pow.server";
import { limitAddress, limitEmail, type LimitResult } from "~/utils/rate-limit.server";
import { findPetition, isOpen } from "./petition.server";
import { formValues, parseSignature, type FieldErrors, type SignatureFormValues } from "./signature-schema";
import { signPetition } from "./signing.server";

export interface SignActionData {
  values: SignatureFormValues;
  errors: FieldErrors;
  /** A message about the whole form (limits, closed petition, failed check). */
  formError?: { key: MessageKey; minutes?: number };
  /** A likely intended email address when the domain looks mistyped. */
  suggestion?: string;
}

const noStore = { "Cache-Control": "no-store" };

function reply(data: SignActionData, status: number, headers: Record<string, string> = {}) {
  return json(data, { status, headers: { ...noStore, ...headers } });
}

function limited(values: SignatureFormValues, limit: Exclude<LimitResult, { ok: true }>) {
  const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
  return reply(
    { values, errors: {}, formError: { key: limit.scope === "email" ? "sign.error.emailRateLimited" : "sign.error.rateLimited", minutes } },
    429,
    { "Retry-After": String(limit.retryAfterSeconds) },
  );
}

/** Only the text fields the form defines; anything else a client sends is ignored. */
async function readForm(request: Request): Promise<Record<string, string>> {
  const formData = await request.formData();
  const form: Record<string, string> = {};
  for (const name of ["fullName", "email", "country", "comment", "showPublicly", "wantsUpdates", "website", "altcha", "keepEmail", "useEmail"]) {
    const value = formData.get(name);
    if (typeof value === "string") form[name] = value;
  }
  return form;
}

export async function signAction({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const database = db();
  const found = findPetition(database, params.slug ?? "");
  if (!found) throw notFound();
  const checkEmailPath = localizePath(locale, `/petitions/${found.petition.slug}/check-email`);

  let form: Record<string, string>;
  try {
    form = await readForm(request);
  } catch {
    throw new Response("Bad request", { status: 400, headers: noStore });
  }
  if (form.useEmail) form.email = form.useEmail;
  const values = formValues(form);

  if (!isOpen(found.petition)) return reply({ values, errors: {}, formError: { key: "sign.error.closed" } }, 403);

  // A filled honeypot is a program: it gets the same page as everyone, and nothing is stored.
  if (form.website) return redirect(checkEmailPath, { status: 303, headers: noStore });

  const addressHash = lookupHash("ip", context.clientIp || "unknown");
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
  if (!parsed.success || Object.keys(errors).length > 0) return reply({ values, errors, suggestion }, 400);
  const input = parsed.data;

  const pow = await verifyPow(form.altcha);
  if (pow.status === "invalid") return reply({ values, errors: {}, formError: { key: "sign.error.powFailed" } }, 400);

  const emailLimit = await limitEmail(lookupHash("email", canonicalEmail(input.email)));
  if (!emailLimit.ok) return limited(values, emailLimit);

  const outcome = signPetition(database, found, input, { locale, ipHash: addressHash, powVerified: pow.status === "verified" });
  logger().info({ petition: found.petition.slug, outcome, pow: pow.status }, "signature submitted");
  return redirect(checkEmailPath, { status: 303, headers: noStore });
}
