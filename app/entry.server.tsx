// Renders every HTML document. Pages are rendered completely (no streaming: nothing here is deferred) so
// that the Content-Security-Policy can list the hash of each inline script the document carries.
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { documentCsp } from "./utils/csp.server";
import { isDatabaseBusy } from "./utils/db.server";
import { env } from "./utils/env.server";
import { logger, redactUrl } from "./utils/logger.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const markup = renderToString(<RemixServer context={remixContext} url={request.url} />);
  const html = `<!DOCTYPE html>${markup}`;
  const config = env();
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set(
    "Content-Security-Policy",
    documentCsp(html, {
      connectSrc: config.nodeEnv === "development" ? ["ws://localhost:3001", "ws://127.0.0.1:3001"] : [],
      upgradeInsecureRequests: config.isHttps,
    }),
  );
  return new Response(html, { status: responseStatusCode, headers: responseHeaders });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isDatabaseBusy(error)) {
    // Not a bug: another process held the database too long. The server answers 503 (server/app.ts).
    context.databaseBusy = true;
    logger().warn({ method: request.method, path: redactUrl(new URL(request.url).pathname) }, "database busy");
    return;
  }
  // Log the error without the request body or query string: they may carry personal data.
  logger().error(
    { err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error), method: request.method, path: redactUrl(new URL(request.url).pathname) },
    "request failed",
  );
};
