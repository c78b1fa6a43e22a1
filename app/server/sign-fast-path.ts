// The sign form and the confirmation button, posted as plain HTML, answered before Express and Remix.
//
// During a surge almost every POST is a signature, and almost every signature ends in the same redirect to
// the "check your email" page. Remix would first match the URL against every route and build a Fetch
// Request and Response around the same few lines of work, and Express would run a dozen middlewares that
// only set the same headers again; together they cost more than the work itself (docs/performance.md). So
// the server entry runs the sign action's own code (submitSignature) for a plain form post to a petition,
// and sends its redirect directly, with the headers the full server sent with the same redirect the first
// time (security headers included). Everything else — the form with errors, a rate-limit page, a
// submission made by JavaScript (`?index&_data=…`), a body that cannot be read — continues to Express and
// Remix, which render it with the outcome already reached (context.signOutcome), so that nothing is counted or
// stored twice. See docs/decisions/0020-form-fast-paths.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { Logger } from "pino";
import proxyAddr from "proxy-addr";
import getRawBody from "raw-body";
import { defaultLocale, isLocale, localizePath, type Locale } from "~/i18n";
import { pickSignFields, submitSignature, type SignOutcome } from "~/petitions/sign-action.server";
import { recordConfirmation } from "~/petitions/signing.server";
import { db } from "~/utils/db.server";
import { commitGrouped } from "~/utils/group-commit.server";
import { logger, redactUrl } from "~/utils/logger.server";
import { trackRequest } from "./pressure.server";

const signPath = /^\/(?:([a-z]{2})\/)?petitions\/([A-Za-z0-9_-]{1,100})\?index$/;
// A confirmation link's token: `<selector>.<secret>`, or the secret alone for links sent before selectors.
const confirmPath = /^\/(?:([a-z]{2})\/)?signatures\/confirm\/((?:[1-9][0-9]{0,15}\.)?[A-Za-z0-9_-]{20,100})$/;

/** What the server entry hands on to Express with a request it began but did not finish. */
export interface FormPostLocals {
  /** Counted and logged already (trackRequest, logRequest). */
  tracked?: boolean;
  /** The request body, already read. */
  body?: Buffer;
  /** Reading the body or doing the work failed: the error handler answers (413, 400, 503 …). */
  error?: unknown;
  signOutcome?: SignOutcome;
}

type Kind = "sign" | "confirm";

/**
 * Every header the full server sent with a fast path's redirect the first time, without the redirect's own
 * (Location, Cache-Control) and those Node computes: replayed by the server entry on later redirects.
 */
const sentHeaders: Partial<Record<Kind, [string, string | number | string[]][]>> = {};
const ownHeaders = new Set(["location", "cache-control", "content-length", "date", "connection", "keep-alive", "transfer-encoding"]);

function localeOf(lang: string | undefined): Locale | null {
  if (lang === undefined) return defaultLocale;
  return lang !== defaultLocale && isLocale(lang) ? lang : null;
}

function isUrlEncoded(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

function redirect(res: ServerResponse, location: string) {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

/** Which of the two posts a request is, with its slug or token and its language; null for anything else. */
function matchPost(method: string | undefined, url: string): { kind: Kind; param: string; locale: Locale } | null {
  if (method !== "POST") return null;
  const sign = signPath.exec(url);
  const match = sign ?? confirmPath.exec(url);
  const locale = match ? localeOf(match[1]) : null;
  return match && locale ? { kind: sign ? "sign" : "confirm", param: match[2]!, locale } : null;
}

/** The confirmation button's work: the thanks page to redirect to, or null for an invalid or used link. */
async function confirmPost(token: string, locale: Locale): Promise<string | null> {
  const database = db();
  const result = await commitGrouped(database, () => recordConfirmation(database, token));
  if (result.status !== "confirmed") return null;
  logger().info({ outcome: result.status }, "signature confirmation");
  return localizePath(locale, `/petitions/${result.petitionSlug}/thanks`);
}

/** The sign form's work, from its url-encoded body. */
function signPost(slug: string, locale: Locale, body: Buffer, clientIp: string): Promise<SignOutcome> {
  const fields = new URLSearchParams(body.toString("utf8"));
  return submitSignature({ slug, locale, form: pickSignFields((name) => fields.get(name)), clientIp });
}

/** Logs a request when its response has finished: method, path without query or token, status, time. */
export function logRequest(req: IncomingMessage, res: ServerResponse, log: Logger, path: string) {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Reads are logged at debug level only; no address, no query string, no token ever reaches the log.
    const level = req.method === "GET" || req.method === "HEAD" ? "debug" : "info";
    log[level]({ method: req.method, path: redactUrl(path), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
  });
}

export interface FormPostFastPathOptions {
  /** The Express app, for everything this path does not finish itself. */
  app: (req: IncomingMessage, res: ServerResponse) => void;
  /** Express's compiled "trust proxy" setting: the client address is found exactly as Express finds it. */
  trustProxy: Parameters<typeof proxyAddr>[1];
  /** The cross-site check Express applies to every POST (app.ts). */
  isSameOrigin: (header: (name: string) => string | undefined) => boolean;
  maxBodyBytes: number;
  log: Logger;
}

/**
 * The server entry's fast path: true when it took the request (and will answer it, or hand it on to the app
 * itself), false when the request should go to the app as usual.
 */
export function formPostFastPath({ app, trustProxy, isSameOrigin, maxBodyBytes, log }: FormPostFastPathOptions) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    const post = matchPost(req.method, url);
    const sent = post ? sentHeaders[post.kind] : undefined;
    if (!post || !sent) return false;
    const { kind, param, locale } = post;
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    // A cross-site post gets Express's 403 page; an odd body (chunked, too large, not a form) its answers too.
    if (!isSameOrigin(header)) return false;
    if (kind === "sign") {
      const length = Number(header("content-length"));
      if (!isUrlEncoded(header("content-type")) || !(length >= 0 && length <= maxBodyBytes)) return false;
    }

    trackRequest(res);
    logRequest(req, res, log, url);
    const handOn = (locals: FormPostLocals) => {
      (res as ServerResponse & { locals?: FormPostLocals }).locals = { ...locals, tracked: true };
      app(req, res);
    };
    const answer = (location: string) => {
      for (const [name, value] of sent) res.setHeader(name, value);
      redirect(res, location);
    };

    if (kind === "confirm") {
      // An invalid or used link changes nothing here: Remix shows why.
      confirmPost(param, locale).then(
        (location) => (location ? answer(location) : handOn({})),
        (error: unknown) => handOn({ error }),
      );
      return true;
    }

    const clientIp = proxyAddr(req, trustProxy);
    void (async () => {
      let body: Buffer;
      try {
        body = await getRawBody(req, { limit: maxBodyBytes, length: Number(header("content-length")) });
      } catch (error) {
        return handOn({ error });
      }
      try {
        const outcome = await signPost(param, locale, body, clientIp);
        if (outcome.type === "redirect") answer(outcome.location);
        else handOn({ body, signOutcome: outcome });
      } catch (error) {
        handOn({ body, error });
      }
    })();
    return true;
  };
}

/**
 * The same two posts inside Express, for requests the server entry did not take (the first of each kind,
 * whose headers it then records) or handed on (with the body, outcome or error it reached).
 */
export function formPostMiddleware(maxBodyBytes: number) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const locals = res.locals as FormPostLocals;
    if (locals.error !== undefined) return next(locals.error);
    if (locals.tracked) return next();
    const post = matchPost(req.method, req.originalUrl);
    if (!post) return next();
    const record = () => {
      sentHeaders[post.kind] ??= Object.entries(res.getHeaders())
        .filter(([name]) => !ownHeaders.has(name))
        .map(([name, value]) => [name, value as string | number | string[]]);
    };
    try {
      if (post.kind === "confirm") {
        const location = await confirmPost(post.param, post.locale);
        if (!location) return next();
        record();
        return redirect(res, location);
      }
      if (!req.is("application/x-www-form-urlencoded")) return next();
      const length = req.get("content-length");
      locals.body = await getRawBody(req, { limit: maxBodyBytes, length: length === undefined ? undefined : Number(length) });
      const outcome = await signPost(post.param, post.locale, locals.body, req.ip ?? "");
      if (outcome.type !== "redirect") {
        locals.signOutcome = outcome;
        return next();
      }
      record();
      redirect(res, outcome.location);
    } catch (error) {
      next(error);
    }
  };
}

/** Forgets the recorded headers (tests that change the server's configuration between apps). */
export function resetFormPostHeadersForTests() {
  delete sentHeaders.sign;
  delete sentHeaders.confirm;
}
