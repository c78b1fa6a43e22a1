// Loader and action of the letter page (/campaigns/<slug>/letters). Choosing whom to write to is a GET form
// (state codes and a language in the query string, never anything about the person); writing, previewing
// and sending are POSTs.
import { createCookie, json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { localizePath, translate, type Locale, type MessageKey } from "~/i18n";
import { findCampaign } from "~/campaigns/campaign.server";
import { lookupHash } from "~/utils/crypto.server";
import { countryNames, countryOptions, isCountryCode } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { canonicalEmail, isDisposableEmail } from "~/utils/email-address.server";
import { env } from "~/utils/env.server";
import { notFound, publicPageHeaders, requireLocale } from "~/utils/http.server";
import { keyring } from "~/utils/keys.server";
import { logger } from "~/utils/logger.server";
import { verifyPow } from "~/utils/pow.server";
import { limitAddress, limitEmail } from "~/utils/rate-limit.server";
import { letterFormValues, parseLetterForm, type LetterErrors, type LetterFormValues } from "./letter-schema";
import {
  allowedStates,
  composeLetters,
  extraRecipients,
  letterCountsByState,
  letterLocales,
  letterSettings,
  letterTemplate,
  memberStates,
  recipientsFor,
  submitLetters,
  verifiedEmailHash,
  verifiedBrowserSeconds,
  type RecipientView,
} from "./letters.server";
import { mailtoLink } from "./merge";

const noStore = { "Cache-Control": "no-store" };

/** The browser-bound proof that an address was confirmed within the hour (see verified_browsers). */
export function verifiedCookie() {
  const config = env();
  return createCookie(config.isHttps ? "__Host-verified" : "verified", {
    httpOnly: true,
    secure: config.isHttps,
    sameSite: "strict",
    path: "/",
    maxAge: verifiedBrowserSeconds,
    secrets: [keyring().secretFor("cookie-signing").toString("hex")],
  });
}

function campaignOr404(slug: string | undefined) {
  const campaign = findCampaign(db(), { slug: slug ?? "" });
  if (!campaign) throw notFound();
  return campaign;
}

interface Selection {
  residence: string | null;
  states: string[];
  letterLocale: Locale;
  extras: number[];
}

/** Reads and checks the choice of states, language and extra recipients (from the query or the form). */
function readSelection(
  params: URLSearchParams | FormData,
  campaignId: number,
  interfaceLocale: Locale,
): { selection: Selection; settings: ReturnType<typeof letterSettings>; allowed: string[]; needsState: boolean } {
  const database = db();
  const settings = letterSettings(database, campaignId);
  const locales = letterLocales(database, campaignId);
  const text = (name: string) => {
    const v = params.get(name);
    return typeof v === "string" ? v : "";
  };
  const residenceRaw = text("residence").toUpperCase();
  const residence = isCountryCode(database, residenceRaw) ? residenceRaw : null;
  const { states: allowed, fixed } = allowedStates(database, settings, residence);
  const requested = params
    .getAll("state")
    .map((v) => (typeof v === "string" ? v.toUpperCase() : ""))
    .filter((code, i, all) => code && allowed.includes(code) && all.indexOf(code) === i)
    .slice(0, Math.max(1, settings.maxStates));
  const states = fixed ? allowed : requested;
  const langRaw = text("lang");
  const letterLocale = (locales.includes(langRaw as Locale) ? langRaw : locales.includes("en") ? "en" : (locales[0] ?? interfaceLocale)) as Locale;
  const extras = params
    .getAll("extra")
    .map((v) => Number(v))
    .filter((id) => (settings.extraRecipientIds ?? []).includes(id));
  const needsState = settings.recipientMode === "residence" ? Boolean(residence) && !fixed && states.length === 0 : states.length === 0;
  return { selection: { residence, states, letterLocale, extras }, settings, allowed, needsState };
}

export function lettersLoader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  const campaign = campaignOr404(params.slug);
  const database = db();
  const url = new URL(request.url);
  const { selection, settings, allowed, needsState } = readSelection(url.searchParams, campaign.id, locale);
  const config = env();
  const names = countryNames(database, locale);
  const members = new Set(memberStates(database));
  const figures = letterCountsByState(database, campaign.id, locale, config.publicCountThreshold);
  const base = {
    campaignSlug: campaign.slug,
    enabled: settings.enabled,
    mode: settings.recipientMode,
    maxStates: settings.maxStates,
    countries: countryOptions(database, locale),
    states: countryOptions(database, locale).filter((c) => allowed.includes(c.code) && members.has(c.code)),
    letterLocales: letterLocales(database, campaign.id),
    selection,
    needsState,
    residenceIsMember: selection.residence ? members.has(selection.residence) : null,
    figures,
    threshold: config.publicCountThreshold,
  };
  const ready = settings.enabled && selection.states.length > 0 && (settings.recipientMode !== "residence" || selection.residence !== null);
  if (!ready) return json({ ...base, compose: null }, { headers: url.search ? noStore : publicPageHeaders(config.pageCacheSeconds) });

  const template = letterTemplate(database, campaign.id, selection.letterLocale);
  if (!template) throw notFound();
  const recipients = recipientsFor(database, selection.states, [], locale);
  return json(
    {
      ...base,
      compose: {
        recipients,
        extras: extraRecipients(database, settings, locale),
        template: { subject: template.value.subject, body: template.value.body, locale: template.locale },
        editable: settings.editable,
        maxLength: settings.maxLength,
        stateNames: Object.fromEntries(selection.states.map((code) => [code, names.get(code) ?? code])),
        letterCountryNames: Object.fromEntries(
          countryOptions(database, selection.letterLocale).map((c) => [c.code, c.name]),
        ) as Record<string, string>,
        withheldTemplate: translate(selection.letterLocale, "letters.withheldName", { country: "{country}" }),
      },
    },
    { headers: noStore },
  );
}

export interface SelfSendLetter {
  recipient: string;
  email: string | null;
  postalAddress: string | null;
  subject: string;
  body: string;
  mailto: string;
  complete: boolean;
}

export interface LettersActionData {
  values: LetterFormValues;
  errors: LetterErrors;
  formError?: { key: MessageKey; minutes?: number };
  /** "I will send it myself": the letters, ready, with mailto links. Nothing was stored. */
  self?: SelfSendLetter[];
}

function reply(data: LettersActionData, status = 200, headers: Record<string, string> = {}) {
  return json(data, { status, headers: { ...noStore, ...headers } });
}

export async function lettersAction({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const campaign = campaignOr404(params.slug);
  const database = db();
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("Bad request", { status: 400, headers: noStore });
  }
  const { selection, settings } = readSelection(formData, campaign.id, locale);
  const template = letterTemplate(database, campaign.id, selection.letterLocale);
  if (!settings.enabled || !template) throw notFound();
  const form: Record<string, string> = {};
  for (const name of ["name", "email", "city", "country", "appear", "delivery", "body", "website", "altcha"]) {
    const value = formData.get(name);
    if (typeof value === "string") form[name] = value;
  }
  if (settings.recipientMode === "residence" && selection.residence) form.country = selection.residence;
  const values = letterFormValues(form, template.value.body);
  const lettersPath = localizePath(locale, `/campaigns/${campaign.slug}/letters`);

  // A filled honeypot: the same outcome as anyone's, and nothing is stored or sent.
  if (form.website) return redirect(`${lettersPath}/check-email`, { status: 303, headers: noStore });

  const addressHash = lookupHash("ip", context.clientIp || "unknown");
  const addressLimit = await limitAddress(addressHash);
  if (!addressLimit.ok) {
    return reply(
      { values, errors: {}, formError: { key: "sign.error.rateLimited", minutes: Math.ceil(addressLimit.retryAfterSeconds / 60) } },
      429,
      { "Retry-After": String(addressLimit.retryAfterSeconds) },
    );
  }

  const parsed = parseLetterForm(form, { editable: settings.editable, maxLength: settings.maxLength });
  const errors: LetterErrors = parsed.success ? {} : { ...parsed.errors };
  if (selection.states.length === 0) errors.states = "letters.error.stateRequired";
  if (parsed.success && !isCountryCode(database, parsed.data.country)) errors.country = "sign.error.countryRequired";
  if (parsed.success && parsed.data.delivery === "platform" && isDisposableEmail(parsed.data.email)) errors.email = "sign.error.emailDisposable";

  const extrasChosen = selection.extras;
  const recipients: RecipientView[] = recipientsFor(database, selection.states, extrasChosen, locale);
  if (parsed.success && parsed.data.delivery === "platform" && !recipients.some((r) => r.deliverable)) errors.delivery = "letters.error.noDeliverable";
  if (!parsed.success || Object.keys(errors).length) return reply({ values, errors }, 400);
  const data = parsed.data;

  const writer = { name: data.name, email: data.email, city: data.city, country: data.country, reachable: data.appear === "reachable" };
  const body = settings.editable && data.body ? data.body : template.value.body;
  const letterTemplateText = { subject: template.value.subject, body };

  if (data.delivery === "self") {
    const letters = composeLetters(database, {
      template: letterTemplateText,
      recipients: recipients.length ? recipients : [],
      writer,
      letterLocale: selection.letterLocale,
    });
    const cutNote = translate(selection.letterLocale, "letters.cutNote");
    return reply({
      values,
      errors: {},
      self: letters.map((l) => {
        const link = mailtoLink({ to: l.recipient.email, subject: l.subject, body: l.body, cutNote });
        return {
          recipient: l.recipient.name,
          email: l.recipient.email,
          postalAddress: l.recipient.postalAddress,
          subject: l.subject,
          body: l.body,
          mailto: link.href,
          complete: link.complete,
        };
      }),
    });
  }

  const pow = await verifyPow(form.altcha);
  if (pow.status === "invalid") return reply({ values, errors: {}, formError: { key: "sign.error.powFailed" } }, 400);
  const emailLimit = await limitEmail(lookupHash("email", canonicalEmail(data.email)));
  if (!emailLimit.ok) {
    return reply(
      { values, errors: {}, formError: { key: "sign.error.emailRateLimited", minutes: Math.ceil(emailLimit.retryAfterSeconds / 60) } },
      429,
      { "Retry-After": String(emailLimit.retryAfterSeconds) },
    );
  }

  const cookieToken = (await verifiedCookie().parse(request.headers.get("Cookie"))) as string | null;
  const result = submitLetters(database, {
    campaignId: campaign.id,
    campaignSlug: campaign.slug,
    recipients,
    letterLocale: selection.letterLocale,
    template: letterTemplateText,
    writer,
    interfaceLocale: locale,
    ipHash: addressHash,
    verifiedEmailHash: verifiedEmailHash(database, cookieToken),
    settings,
  });
  logger().info({ campaign: campaign.slug, outcome: result.outcome, letters: recipients.length, pow: pow.status }, "letters submitted");
  const next = result.outcome === "queued" ? `${lettersPath}/sent` : `${lettersPath}/check-email`;
  return redirect(next, { status: 303, headers: noStore });
}
