// A small shared cache for public pages, in front of the Remix handler. A route opts in by answering with
// `Cache-Control: public, s-maxage=N` (as it would for a CDN); the cache keeps the rendered bytes, already
// compressed with Brotli and gzip, for N seconds. When an entry expires, the first request renders the
// page again while the others are still served the previous copy (stale-while-revalidate), so a surge of
// readers costs one render every N seconds. Storability and freshness follow HTTP caching rules
// (http-cache-semantics). See docs/decisions/0005-page-cache.md.
import crypto from "node:crypto";
import zlib from "node:zlib";
import CachePolicy from "http-cache-semantics";

export interface CachedPage {
  status: number;
  headers: [string, string][];
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  expiresAt: number;
  /**
   * Every header the full server sent with this page the first time it served it from the cache (security
   * headers included), without the per-encoding ones: lets later hits skip the middleware (servePageFast).
   */
  sent?: [string, string | number | string[]][];
}

export type Encoding = "br" | "gzip" | "identity";

export interface PageCacheOptions {
  /** Most entries kept; the oldest is dropped beyond it. */
  maxEntries?: number;
  now?: () => number;
}

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private refreshing = new Set<string>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: PageCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Only plain GET/HEAD requests for a path without a query string are cacheable. */
  static keyFor(method: string, url: string): string | null {
    if (method !== "GET" && method !== "HEAD") return null;
    if (url.includes("?")) return null;
    return url;
  }

  /** The entry for a key, and whether it is still fresh (a stale one may be served while another request refreshes it). */
  lookup(key: string): { entry: CachedPage; fresh: boolean } | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    return { entry, fresh: this.now() < entry.expiresAt };
  }

  /** Claims the right to refresh a stale key; false when another request is already doing it. */
  claimRefresh(key: string): boolean {
    if (this.refreshing.has(key)) return false;
    this.refreshing.add(key);
    return true;
  }

  releaseRefresh(key: string) {
    this.refreshing.delete(key);
  }

  /** Stores a rendered response if HTTP caching rules allow a shared cache to keep it. */
  store(
    key: string,
    request: { method: string; url: string; headers: Record<string, string> },
    response: { status: number; headers: [string, string][]; body: Buffer },
  ): CachedPage | null {
    const headerObject: Record<string, string> = {};
    for (const [name, value] of response.headers) headerObject[name.toLowerCase()] = value;
    if (headerObject["set-cookie"] || headerObject["vary"]) return null;
    const policy = new CachePolicy(
      { method: request.method, url: request.url, headers: request.headers },
      { status: response.status, headers: headerObject },
      { shared: true, cacheHeuristic: 0, immutableMinTimeToLive: 0 },
    );
    const ttlMs = policy.maxAge() * 1000;
    if (!policy.storable() || ttlMs <= 0 || response.status !== 200) return null;
    const entry: CachedPage = {
      status: response.status,
      headers: response.headers.filter(([name]) => !/^(content-length|content-encoding|etag|date)$/i.test(name)),
      etag: `"${crypto.createHash("sha256").update(response.body).digest("base64url").slice(0, 27)}"`,
      identity: response.body,
      gzip: zlib.gzipSync(response.body, { level: 6 }),
      br: zlib.brotliCompressSync(response.body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: response.body.length },
      }),
      expiresAt: this.now() + ttlMs,
    };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  /** Drops entries whose key starts with the prefix (for example after staff edit a page). */
  purge(prefix = "/") {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size() {
    return this.entries.size;
  }
}

/** The body and headers to send for a cached page, given what the client accepts. */
export function representation(entry: CachedPage, encoding: Encoding) {
  const body = encoding === "br" ? entry.br : encoding === "gzip" ? entry.gzip : entry.identity;
  const headers: [string, string][] = [...entry.headers, ["ETag", entry.etag], ["Vary", "Accept-Encoding"]];
  if (encoding !== "identity") headers.push(["Content-Encoding", encoding]);
  headers.push(["Content-Length", String(body.length)]);
  return { body, headers };
}
