// The HTTP server in front of Remix: security headers, static files, body limits, the cross-site request
// check, the public page cache, compression, and request logs without personal data.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import helmet from "helmet";
import Negotiator from "negotiator";
import getRawBody from "raw-body";
import { isDatabaseBusy } from "~/utils/db.server";
import { trackRequest } from "./pressure.server";
import { formPostFastPath, formPostMiddleware, logRequest, type FormPostLocals } from "./sign-fast-path";
import type { Logger } from "pino";
import { localeFromPath, translate, localeInfo, type MessageKey } from "../i18n";
import { nonDocumentCsp } from "../utils/csp.server";
import type { Env } from "../utils/env.server";
import { redactUrl } from "../utils/logger.server";
import { PageCache, representation, type CachedPage, type Encoding } from "./page-cache";

export interface AppOptions {
  build: ServerBuild;
  config: Env;
  log: Logger;
  pageCache: PageCache;
  /** Larger bodies for specific paths (for example staff file imports). */
  bodyLimits?: { prefix: string; bytes: number }[];
}

export function createApp({ build, config, log, pageCache, bodyLimits = [] }: AppOptions) {
  const handle = createRequestHandler(build, config.nodeEnv === "development" ? "development" : "production");
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.set("trust proxy", config.trustProxy);

  app.use((req, res, next) => {
    // A request the server entry began (formPostFastPath) is counted and logged already.
    if (!(res.locals as FormPostLocals).tracked) {
      trackRequest(res);
      logRequest(req, res, log, req.originalUrl);
    }
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: "same-origin" },
      referrerPolicy: { policy: "no-referrer" },
      strictTransportSecurity: config.isHttps ? { maxAge: 63072000, includeSubDomains: true } : false,
      xFrameOptions: { action: "deny" },
    }),
  );
  app.use((_req, res, next) => {
    // Documents replace this with their own policy (entry.server.tsx); everything else may run nothing.
    res.setHeader("Content-Security-Policy", nonDocumentCsp);
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), browsing-topics=()");
    next();
  });

  // Cached pages are sent already compressed; compression() leaves responses with Content-Encoding alone.
  const compress = compression({ threshold: 1024 });
  // Signature exports run to a hundred megabytes: the fastest level, several times faster than the default,
  // for a slightly larger file. Everything else (scripts and styles above all) at the default level.
  const compressDownloads = compression({ threshold: 1024, level: 1 });
  app.use((req, res, next) => (downloadPath.test(req.path) ? compressDownloads : compress)(req, res, next));

  const publicDir = path.resolve("public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false, redirect: false }));
  app.use("/fonts", express.static(path.join(publicDir, "fonts"), { immutable: true, maxAge: "1y", index: false, redirect: false }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false, redirect: false, dotfiles: "ignore" }));

  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || isSameOriginRequest((name) => req.get(name), config.publicUrl)) return next();
    sendStatusPage(req, res, 403, "error.crossSite.title", "error.crossSite.body");
  });

  app.use(formPostMiddleware(config.maxBodyBytes));

  app.all("*", async (req, res, next) => {
    const locals = res.locals as FormPostLocals;
    // Methods a fetch Request cannot carry (TRACE, TRACK): a 405, not a 500 from new Request().
    if (req.method === "TRACE" || req.method === "TRACK") {
      res.setHeader("Allow", "GET, HEAD, POST");
      return sendStatusPage(req, res, 405, "error.badRequest.title", "error.badRequest.body");
    }
    try {
      const key = PageCache.keyFor(req.method, req.originalUrl);
      if (key) {
        const hit = pageCache.lookup(key);
        if (hit && (hit.fresh || !pageCache.claimRefresh(key))) return sendCached(req, res, hit.entry);
        try {
          const request = createRemixRequest(req, res, null);
          const context: AppLoadContext = { clientIp: req.ip ?? "" };
          const response = await handle(request, context);
          if (context.databaseBusy) return await sendBusy(req, res, response);
          return await sendRendered(req, res, key, response);
        } finally {
          if (hit) pageCache.releaseRefresh(key);
        }
      }
      const limit = bodyLimits.find((l) => req.path.startsWith(l.prefix))?.bytes ?? config.maxBodyBytes;
      const body = req.method === "GET" || req.method === "HEAD" ? null : (locals.body ?? (await readBody(req, limit)));
      // Every action reads its body as a form: anything else is a clear 400 here, not a 500 in the route.
      if (body && !(await isReadableForm(req.get("content-type"), body))) {
        return sendStatusPage(req, res, 400, "error.badRequest.title", "error.badRequest.body");
      }
      const request = createRemixRequest(req, res, body);
      const context: AppLoadContext = { clientIp: req.ip ?? "", signOutcome: locals.signOutcome };
      const response = await handle(request, context);
      if (context.databaseBusy) return await sendBusy(req, res, response);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendStatusPage(req, res, 413, "error.tooLarge.title", "error.tooLarge.body");
    if (status === 400) return sendStatusPage(req, res, 400, "error.badRequest.title", "error.badRequest.body");
    // The fast paths (sign-fast-path.ts) run outside Remix: a database that stayed locked is a 503 here too.
    if (isDatabaseBusy(error) && !res.headersSent) {
      log.warn({ path: redactUrl(req.originalUrl) }, "database busy");
      res.setHeader("Retry-After", String(busyRetryAfterSeconds));
      return sendStatusPage(req, res, 503, "error.busy.title", "error.busy.body");
    }
    log.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error), path: redactUrl(req.originalUrl) }, "unhandled error");
    if (res.headersSent) return res.end();
    sendStatusPage(req, res, 500, "error.generic.title", "error.generic.body");
  });

  async function sendRendered(req: ExpressRequest, res: ExpressResponse, key: string, response: Response) {
    if (req.method !== "GET" || response.status !== 200 || !response.body) return sendRemixResponse(res, response);
    const body = Buffer.from(await response.arrayBuffer());
    const headers = [...response.headers.entries()];
    const entry = pageCache.store(key, { method: "GET", url: key, headers: {} }, { status: response.status, headers, body });
    if (entry) return sendCached(req, res, entry);
    res.status(response.status);
    for (const [name, value] of headers) {
      if (name === "set-cookie") res.append(name, value);
      else res.setHeader(name, value);
    }
    res.end(body);
  }

  return app;
}

/**
 * The server entry's fast path for plain posts of the sign form and the confirmation button (see
 * sign-fast-path.ts), with the app's own settings: the client address as Express finds it, the same
 * cross-site check, the same body limit.
 */
export function createFormPostFastPath(app: express.Express, { config, log }: Pick<AppOptions, "config" | "log">) {
  return formPostFastPath({
    app,
    trustProxy: app.get("trust proxy fn") as Parameters<typeof formPostFastPath>[0]["trustProxy"],
    isSameOrigin: (header) => isSameOriginRequest(header, config.publicUrl),
    maxBodyBytes: config.maxBodyBytes,
    log,
  });
}

const downloadPath = /^(?:\/[a-z]{2})?\/staff\/exports\/download$/;

/** Seconds a client is asked to wait after a 503 caused by a locked database. */
export const busyRetryAfterSeconds = 30;

/**
 * The database stayed locked by another process beyond the busy timeout: whatever the route rendered is
 * dropped for a 503 that asks to try again (the transaction was rolled back, so nothing was half-written).
 */
async function sendBusy(req: ExpressRequest, res: ExpressResponse, response: Response) {
  await response.body?.cancel().catch(() => {});
  res.setHeader("Retry-After", String(busyRetryAfterSeconds));
  sendStatusPage(req, res, 503, "error.busy.title", "error.busy.body");
}

function sendCached(req: ExpressRequest, res: ExpressResponse, entry: CachedPage) {
  const accepted = req.acceptsEncodings("br", "gzip", "identity");
  const encoding: Encoding = accepted === "br" || accepted === "gzip" ? accepted : "identity";
  if (req.headers["if-none-match"] === entry.etag) {
    res.status(304).setHeader("ETag", entry.etag);
    return res.end();
  }
  const { body, headers } = representation(entry, encoding);
  res.status(entry.status);
  for (const [name, value] of headers) res.setHeader(name, value);
  entry.sent ??= Object.entries(res.getHeaders())
    .filter(([name]) => !perEncoding.has(name))
    .map(([name, value]) => [name, value as string | number | string[]]);
  res.end(req.method === "HEAD" ? undefined : body);
}

const perEncoding = new Set(["content-encoding", "content-length", "etag", "vary"]);

/**
 * The fast path for a surge of readers: a plain GET or HEAD of a page that is fresh in the cache and has
 * been served once through the full server is answered here, before Express, with the same status, headers
 * and bytes (the middleware would only recompute the same headers). Everything else returns false and goes
 * through the app. Not logged (reads are logged at debug level only, and then this path is not used).
 */
export function servePageFast(pageCache: PageCache, req: IncomingMessage, res: ServerResponse): boolean {
  const key = PageCache.keyFor(req.method ?? "", req.url ?? "");
  if (!key) return false;
  const hit = pageCache.lookup(key);
  if (!hit?.fresh || !hit.entry.sent) return false;
  const { entry } = hit;
  const sent = hit.entry.sent;
  const accepted = new Negotiator(req).encoding(["br", "gzip", "identity"]);
  const encoding: Encoding = accepted === "br" || accepted === "gzip" ? accepted : "identity";
  if (req.headers["if-none-match"] === entry.etag) {
    res.writeHead(304, { ETag: entry.etag });
    res.end();
    return true;
  }
  const { body, headers } = representation(entry, encoding);
  res.statusCode = entry.status;
  for (const [name, value] of sent) res.setHeader(name, value);
  for (const [name, value] of headers) res.setHeader(name, value);
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

/**
 * Refuses requests that change something when they come from another site. Browsers tell us with
 * Sec-Fetch-Site; older browsers send Origin (which is "null" under our no-referrer policy, so "null" proves
 * nothing and is allowed: public forms have no ambient authority, and staff cookies are SameSite=Strict).
 */
export function isSameOriginRequest(header: (name: string) => string | undefined, publicUrl: string): boolean {
  const site = header("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = header("origin");
  if (!origin || origin === "null") return true;
  const host = header("host");
  return origin === publicUrl || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
}

async function readBody(req: ExpressRequest, limit: number): Promise<Buffer> {
  const length = req.get("content-length");
  return getRawBody(req, { limit, length: length === undefined ? undefined : Number(length) });
}

/**
 * True when the body can be read as a form (what every action expects): URL-encoded (always readable; bytes
 * that are not UTF-8 become U+FFFD), or multipart that parses. An empty body is an empty form, whatever its
 * type (createRemixRequest then labels it URL-encoded).
 */
export async function isReadableForm(contentType: string | undefined, body: Buffer): Promise<boolean> {
  if (body.length === 0) return true;
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return true;
  if (type !== "multipart/form-data") return false;
  try {
    await new Response(new Uint8Array(body), { headers: { "content-type": contentType! } }).formData();
    return true;
  } catch {
    return false;
  }
}

function createRemixRequest(req: ExpressRequest, res: ExpressResponse, body: Buffer | null): Request {
  let url: URL;
  try {
    // The request target is a path ("//x/y" included: resolved against a base it would name host x), or the
    // absolute form a proxy may send, of which only the path counts.
    const target = req.originalUrl.startsWith("/") ? req.originalUrl : ((u) => u.pathname + u.search)(new URL(req.originalUrl));
    url = new URL(`${req.protocol}://${req.get("host") ?? "localhost"}${target}`);
  } catch {
    // A Host header no URL can have ("a b"): the client's mistake, a 400 (the error handler's page).
    throw Object.assign(new Error("Malformed Host header"), { status: 400 });
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Under our no-referrer policy browsers send "Origin: null" with form posts; the request has already
    // passed our own cross-site check, and Remix's would refuse "null" as a foreign origin.
    if (name === "origin" && value === "null") continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (body && body.length === 0) {
    // A post without a body (a bare button, a one-click request) is an empty form.
    headers.set("content-type", "application/x-www-form-urlencoded");
  } else if (body) {
    init.body = createReadableStreamFromReadable(Readable.from([body]));
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // The route's headers replace the defaults set earlier (a document's own Content-Security-Policy replaces
  // the strict default; two policies would both apply). Only cookies accumulate.
  for (const [name, value] of response.headers.entries()) {
    if (name === "set-cookie") res.append(name, value);
    else res.setHeader(name, value);
  }
  // An error (a staff page refused, a missing page, a method a route does not take) is never kept by a cache,
  // unless its route says otherwise.
  if (response.status >= 400 && !response.headers.has("cache-control")) res.setHeader("Cache-Control", "no-store");
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

/** How far a response body may run ahead of the socket (or the compressor in front of it). */
const bodyAheadBytes = 1024 * 1024;

/**
 * Writes a response body as the client takes it. Remix's writeReadableStreamToWritable ignores backpressure
 * (and flushes the compressor after every chunk), so a large download (a signature export) would pile up in
 * memory whenever the producer is faster than the client; here the next chunk is read only once the socket
 * (or the compressor in front of it) has room again. Up to a megabyte may wait beyond the writable's own
 * buffer, so that the next chunk is made while the compressor (on another thread) works on the last one:
 * waiting at every full buffer kept them taking turns.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: Pick<ExpressResponse, "write" | "end" | "destroy" | "destroyed" | "on" | "once" | "off">) {
  const reader = body.getReader();
  // One listener each for the whole body (compression() moves "drain" listeners onto its own stream).
  let wake: (() => void) | null = null;
  const ready = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  // Bytes written since the writable last had room.
  let ahead = 0;
  const drained = () => {
    ahead = 0;
    ready();
  };
  res.on("drain", drained);
  res.once("close", ready);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      ahead += value.byteLength;
      if (res.write(value)) ahead = 0;
      else if (ahead > bodyAheadBytes && !res.destroyed) await new Promise<void>((resolve) => (wake = resolve));
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
    }
    res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    res.off("drain", drained);
    res.off("close", ready);
  }
}

/** A minimal page for errors that happen before Remix renders anything (body too large, cross-site POST). */
export function sendStatusPage(req: ExpressRequest, res: ExpressResponse, status: number, titleKey: MessageKey, bodyKey: MessageKey) {
  const locale = localeFromPath(req.path);
  const title = translate(locale, titleKey as "error.generic.title");
  const text = translate(locale, bodyKey as "error.generic.body");
  const home = locale === "en" ? "/" : `/${locale}`;
  const html = `<!DOCTYPE html><html lang="${locale}" dir="${localeInfo[locale].dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="${home}">${escapeHtml(translate(locale, "error.backHome"))}</a></p></main></body></html>`;
  res.status(status).setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  dropUnreadBody(req, res);
  res.end(html);
}

/** The largest body still being sent that is read (and dropped) after a refusal. */
const drainLimit = 16 * 1024 * 1024;

/**
 * A request refused before its body was read (too large, cross-site): closing at once would reset the
 * connection under a client still sending, which then never sees the answer (a browser shows "connection
 * reset" instead of the page). The rest of the body is read and dropped (Node then keeps the connection;
 * requestTimeout bounds the wait), up to a limit; a body announced or found larger gets the connection closed.
 */
function dropUnreadBody(req: ExpressRequest, res: ExpressResponse) {
  if (req.method === "GET" || req.method === "HEAD" || req.complete) return;
  const length = req.get("content-length");
  if (length !== undefined && !(Number(length) <= drainLimit)) {
    res.setHeader("Connection", "close");
    return;
  }
  let dropped = 0;
  req.unpipe();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > drainLimit) req.socket.destroy();
  });
  req.resume();
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
