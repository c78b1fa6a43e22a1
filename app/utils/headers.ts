import type { HeadersFunction } from "@remix-run/node";

/** Passes the loader's Cache-Control on to the document (Remix takes document headers from the leaf route). */
export const cacheHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const cacheControl = errorHeaders?.get("Cache-Control") ?? loaderHeaders.get("Cache-Control");
  const headers = new Headers();
  if (cacheControl) headers.set("Cache-Control", cacheControl);
  return headers;
};
