import type { HeadersFunction } from "@remix-run/node";

/**
 * Passes Cache-Control on to the document (Remix takes document headers from the leaf route). An action's
 * own Cache-Control wins: a form response carries what the person typed and must never be cached.
 */
export const cacheHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) => {
  const cacheControl = actionHeaders?.get("Cache-Control") ?? errorHeaders?.get("Cache-Control") ?? loaderHeaders.get("Cache-Control");
  const headers = new Headers();
  if (cacheControl) headers.set("Cache-Control", cacheControl);
  const retryAfter = actionHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
