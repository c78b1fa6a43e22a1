import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { PageCache, representation } from "./page-cache";

const page = (cacheControl: string, extra: [string, string][] = []) => ({
  status: 200,
  headers: [["Content-Type", "text/html"], ["Cache-Control", cacheControl], ...extra] as [string, string][],
  body: Buffer.from("<p>count: 42</p>".repeat(100)),
});
const request = { method: "GET", url: "/", headers: {} };

describe("PageCache", () => {
  it("keeps pages marked for shared caches, fresh for s-maxage seconds", () => {
    let now = 1_000_000;
    const cache = new PageCache({ now: () => now });
    expect(cache.store("/", request, page("public, max-age=0, s-maxage=2, must-revalidate"))).not.toBeNull();
    expect(cache.lookup("/")?.fresh).toBe(true);
    now += 1999;
    expect(cache.lookup("/")?.fresh).toBe(true);
    now += 2;
    expect(cache.lookup("/")?.fresh).toBe(false);
  });

  it("refuses private, no-store, cookie-setting and varying responses", () => {
    const cache = new PageCache();
    expect(cache.store("/a", request, page("private, max-age=60"))).toBeNull();
    expect(cache.store("/b", request, page("no-store"))).toBeNull();
    expect(cache.store("/c", request, page("public, s-maxage=2", [["Set-Cookie", "a=b"]]))).toBeNull();
    expect(cache.store("/d", request, page("public, s-maxage=2", [["Vary", "Cookie"]]))).toBeNull();
    expect(cache.store("/e", request, page("public, max-age=0"))).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("only caches plain GET and HEAD requests without a query string", () => {
    expect(PageCache.keyFor("GET", "/fa")).toBe("/fa");
    expect(PageCache.keyFor("HEAD", "/fa")).toBe("/fa");
    expect(PageCache.keyFor("GET", "/fa?x=1")).toBeNull();
    expect(PageCache.keyFor("POST", "/fa")).toBeNull();
  });

  it("lets one request refresh a stale page while the others get the stored copy", () => {
    const cache = new PageCache();
    expect(cache.claimRefresh("/")).toBe(true);
    expect(cache.claimRefresh("/")).toBe(false);
    cache.releaseRefresh("/");
    expect(cache.claimRefresh("/")).toBe(true);
  });

  it("serves the same bytes compressed with Brotli and gzip, with an ETag", () => {
    const cache = new PageCache();
    const original = page("public, s-maxage=5");
    const entry = cache.store("/", request, original)!;
    const br = representation(entry, "br");
    expect(zlib.brotliDecompressSync(br.body).equals(original.body)).toBe(true);
    expect(br.headers).toContainEqual(["Content-Encoding", "br"]);
    const gzip = representation(entry, "gzip");
    expect(zlib.gunzipSync(gzip.body).equals(original.body)).toBe(true);
    const identity = representation(entry, "identity");
    expect(identity.body.equals(original.body)).toBe(true);
    expect(identity.headers.find(([n]) => n === "ETag")?.[1]).toMatch(/^"[\w-]+"$/);
  });

  it("drops the oldest entries beyond its size and purges by prefix", () => {
    const cache = new PageCache({ maxEntries: 2 });
    cache.store("/a", request, page("public, s-maxage=5"));
    cache.store("/b", request, page("public, s-maxage=5"));
    cache.store("/c", request, page("public, s-maxage=5"));
    expect(cache.lookup("/a")).toBeNull();
    cache.purge("/b");
    expect(cache.lookup("/b")).toBeNull();
    expect(cache.lookup("/c")).not.toBeNull();
  });
});
