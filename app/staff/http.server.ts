// Responses of the staff area: never cached anywhere, never indexed.
import { json } from "@remix-run/node";

export const staffNoStore = { "Cache-Control": "no-store, private", "X-Robots-Tag": "noindex" };

export function staffJson<T>(data: T, init: { status?: number; headers?: Record<string, string> } = {}) {
  return json(data, { status: init.status ?? 200, headers: { ...staffNoStore, ...init.headers } });
}
