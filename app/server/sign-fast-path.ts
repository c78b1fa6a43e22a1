// The sign form and the confirmation button, posted as plain HTML, answered by the server entry without going
// through the router.
//
// During a surge almost every POST is a signature, and almost every signature ends in the same redirect to
// the "check your email" page. Remix would first match the URL against every route and build a Fetch
// Request and Response around the same few lines of work, which costs more than the work itself
// (docs/performance.md). So the server entry runs the sign action's own code (submitSignature) for a plain
// form post to a petition, and sends its redirect directly. Everything else — the form with errors, a
// rate-limit page, a submission made by JavaScript (`?index&_data=…`) — continues to Remix, which renders it
// with the outcome already reached (context.signOutcome), so that nothing is counted or stored twice.
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import getRawBody from "raw-body";
import { defaultLocale, isLocale, type Locale } from "~/i18n";
import { localizePath } from "~/i18n";
import { pickSignFields, submitSignature, type SignOutcome } from "~/petitions/sign-action.server";
import { confirmSignature } from "~/petitions/signing.server";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

const signPath = /^\/(?:([a-z]{2})\/)?petitions\/([A-Za-z0-9_-]{1,100})\?index$/;
const confirmPath = /^\/(?:([a-z]{2})\/)?signatures\/confirm\/([A-Za-z0-9_-]{20,100})$/;

export interface FormPostLocals {
  /** The request body, already read by a fast path that handed the request on. */
  body?: Buffer;
  signOutcome?: SignOutcome;
}

function localeOf(lang: string | undefined): Locale | null {
  if (lang === undefined) return defaultLocale;
  return lang !== defaultLocale && isLocale(lang) ? lang : null;
}

/**
 * The "Confirm my signature" button, posted as plain HTML: a valid link confirms and redirects to the thanks
 * page. An invalid or used link changes nothing here and continues to Remix, which shows why.
 */
export function confirmFastPath() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const match = req.method === "POST" ? confirmPath.exec(req.originalUrl) : null;
    const locale = match ? localeOf(match[1]) : null;
    if (!match || !locale) return next();
    try {
      const result = confirmSignature(db(), match[2]!);
      if (result.status !== "confirmed") return next();
      logger().info({ outcome: result.status }, "signature confirmation");
      res.status(303).set({ Location: localizePath(locale, `/petitions/${result.petitionSlug}/thanks`), "Cache-Control": "no-store" }).end();
    } catch (error) {
      next(error);
    }
  };
}

export function signFastPath(maxBodyBytes: number) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const match = req.method === "POST" ? signPath.exec(req.originalUrl) : null;
    if (!match || !req.is("application/x-www-form-urlencoded")) return next();
    const [, lang, slug] = match;
    const locale = localeOf(lang);
    if (!locale) return next();
    const locals = res.locals as FormPostLocals;
    try {
      const length = req.get("content-length");
      locals.body = await getRawBody(req, { limit: maxBodyBytes, length: length === undefined ? undefined : Number(length) });
      const fields = new URLSearchParams(locals.body.toString("utf8"));
      const outcome = await submitSignature({
        slug: slug!,
        locale,
        form: pickSignFields((name) => fields.get(name)),
        clientIp: req.ip ?? "",
      });
      if (outcome.type !== "redirect") {
        locals.signOutcome = outcome;
        return next();
      }
      res.status(303).set({ Location: outcome.location, "Cache-Control": "no-store" }).end();
    } catch (error) {
      next(error);
    }
  };
}
