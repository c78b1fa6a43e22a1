import { expectAccessible, expect, test } from "../setup/fixtures";
import type { APIResponse } from "@playwright/test";
import { openServerDatabase } from "../setup/server-db";
import { insertCampaign } from "../../db/seed/index";

test.describe("campaign page in English", () => {
  test("presents the findings, the attributed quotations and the calls to action", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Justice for the victims of Iran’s 1988 massacre");

    // The new recording: where, when, who was present and who was absent.
    const recording = page.locator("section#recording");
    await expect(recording).toContainText("Qom");
    await expect(recording).toContainText("30 December 1988");
    for (const name of ["Hosseinali Nayyeri", "Morteza Eshraqi", "Ebrahim Raisi", "Mostafa Pour-Mohammadi"]) {
      await expect(recording).toContainText(name);
    }

    // The five revelations.
    await expect(page.locator("section#revelations ol > li")).toHaveCount(5);

    // Quotations: exact words, attributed to Montazeri as reported by BBC Persian and cited by JVMI.
    const quotes = page.locator("figure.quotation");
    await expect(quotes).toHaveCount(7);
    const first = quotes.first();
    await expect(first.locator("blockquote")).toContainText(
      "I told Ahmad Agha, I said, ‘I hold you and the Intelligence Ministry responsible for all these crimes.’",
    );
    await expect(first.locator("figcaption")).toContainText("Hossein-Ali Montazeri");
    await expect(first.locator("figcaption")).toContainText("BBC Persian on 14 April 2025");
    await expect(first.locator("figcaption")).toContainText("15 April 2025");
    await expect(first).not.toContainText("Translated from the English");

    // Implications, call to action, timeline, sources.
    await expect(page.locator("section#implications")).toContainText("Javaid Rehman");
    await expect(page.locator("section#implications")).toContainText("July 2024");
    await expect(page.locator("section#action")).toContainText("universal jurisdiction");
    await expect(page.locator("section#action")).toContainText("Fact-Finding Mission");
    await expect(page.locator("ol.timeline > li")).toHaveCount(8);
    await expect(page.locator("ol.timeline time").first()).toHaveAttribute("datetime", "1988");
    await expect(page.locator("ol.sources > li").first()).toContainText("JVMI");

    // Two calls to action, at the top and after the call to action section.
    await expect(page.getByRole("link", { name: "Sign the petition" })).toHaveCount(2);
    await expect(page.getByRole("link", { name: "Sign the petition" }).first()).toHaveAttribute("href", "/petitions/1988-massacre-justice");
    await expect(page.getByRole("link", { name: "Write to a UN representative" }).first()).toHaveAttribute(
      "href",
      "/campaigns/1988-massacre/letters",
    );

    // Metadata for sharing and search engines, all on our own host.
    const url = new URL(page.url());
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${url.origin}/`);
    await expect(page.locator('link[rel="alternate"][hreflang="fa"]')).toHaveAttribute("href", `${url.origin}/fa`);
    await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", `${url.origin}/images/share/1988-massacre.png`);
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
    const image = await page.request.get("/images/share/1988-massacre.png");
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");

    await expectAccessible(page);
  });

  test("is the same campaign at /campaigns/<slug>, and /en redirects to the canonical address", async ({ page }) => {
    await page.goto("/campaigns/1988-massacre");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Justice for the victims of Iran’s 1988 massacre");
    const response = await page.goto("/en/campaigns/1988-massacre");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/campaigns/1988-massacre");
  });

  test("sends strict security headers", async ({ request }) => {
    const response = await request.get("/");
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();
    // Served over plain HTTP locally: no HSTS (it is sent when PUBLIC_URL is https).
    expect(headers["strict-transport-security"]).toBeUndefined();
  });

  test("a page served from the cache's fast path is the same response, headers included", async ({ request }) => {
    // Rendered, then served from the cache through the full server, then answered before the middleware.
    const path = "/fa/petitions/1988-massacre-justice";
    const responses: APIResponse[] = [];
    for (let i = 0; i < 4; i++) responses.push(await request.get(path, { headers: { "accept-encoding": "gzip" } }));
    const comparable = (r: APIResponse) => {
      const { date: _date, ...headers } = r.headers();
      return headers;
    };
    const [, throughApp, fast] = responses;
    expect(comparable(fast!)).toEqual(comparable(throughApp!));
    expect(fast!.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(fast!.headers()["referrer-policy"]).toBe("no-referrer");
    expect(fast!.headers()["content-encoding"]).toBe("gzip");
    expect(await fast!.body()).toEqual(await throughApp!.body());
    const notModified = await request.get(path, { headers: { "if-none-match": fast!.headers()["etag"]! } });
    expect(notModified.status()).toBe(304);
  });

  test("is compressed for browsers that accept it", async ({ request }) => {
    const response = await request.get("/", { headers: { "accept-encoding": "br, gzip" } });
    expect(response.headers()["content-encoding"]).toBe("br");
    const css = await request.get((await (await request.get("/")).text()).match(/href="(\/build\/_assets\/app-[^"]+\.css)"/)![1]!, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(css.headers()["content-encoding"]).toBe("gzip");
    expect(css.headers()["cache-control"]).toContain("immutable");
  });
});

test.describe("campaign page in Persian", () => {
  test("is right-to-left, in Persian, with translated quotations marked as translations", async ({ page }) => {
    await page.goto("/fa");
    await expect(page.locator("html")).toHaveAttribute("lang", "fa");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("عدالت برای قربانیان کشتار ۱۳۶۷ در ایران");

    const recording = page.locator("section#recording");
    await expect(recording).toContainText("قم");
    await expect(recording).toContainText("ابراهیم رئیسی");

    const first = page.locator("figure.quotation").first();
    await expect(first).toHaveAttribute("lang", "fa");
    await expect(first.locator("blockquote")).toContainText("«");
    await expect(first.locator("figcaption")).toContainText("منتظری");
    await expect(first.locator("figcaption")).toContainText("بی‌بی‌سی فارسی");
    await expect(first.locator("figcaption")).toContainText("ترجمه از متن انگلیسی بیانیه");

    // Dates in Persian digits, Solar Hijri first with the Gregorian date beside it.
    const meeting = page.locator('ol.timeline time[datetime="1988-12-30"]');
    await expect(meeting).toHaveText("۹ دی ۱۳۶۷ (۳۰ دسامبر ۱۹۸۸)");

    // Layout mirrored: on a wide screen the table of contents sits on the right of the text.
    await page.setViewportSize({ width: 1280, height: 900 });
    const contents = await page.locator("nav.contents").boundingBox();
    const text = await page.locator(".campaign-sections").boundingBox();
    expect(contents!.x).toBeGreaterThan(text!.x);
    // …and the quotation rule is on the right (the start side) of each quotation.
    const borders = await first.evaluate((el) => getComputedStyle(el));
    expect(borders.borderRightWidth).toBe("4px");
    expect(borders.borderLeftWidth).toBe("0px");

    // Calls to action in Persian, pointing at Persian pages.
    await expect(page.getByRole("link", { name: "امضای دادخواست" }).first()).toHaveAttribute("href", "/fa/petitions/1988-massacre-justice");
    // Persian typography comes from our own server.
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family);
    });
    expect(fonts.join(",")).toContain("Vazirmatn");

    await expectAccessible(page);
  });

  test("the language switcher moves between the two versions of the same page", async ({ page }) => {
    await page.goto("/campaigns/1988-massacre");
    await page.getByRole("link", { name: "فارسی" }).click();
    await expect(page).toHaveURL(/\/fa\/campaigns\/1988-massacre$/);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/campaigns\/1988-massacre$/);
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole campaign is readable and its links work", async ({ page }) => {
    await page.goto("/fa");
    await expect(page.locator("figure.quotation")).toHaveCount(7);
    await expect(page.locator("script")).toHaveCount(0);
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Justice for the victims of Iran’s 1988 massacre");
    await page.getByRole("link", { name: "Timeline" }).click();
    await expect(page).toHaveURL(/#timeline$/);
  });
});

test.describe("errors", () => {
  test("an unknown address is a 404 page in the reader's language", async ({ page }) => {
    let response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page).toHaveTitle(/Page not found/);

    response = await page.goto("/fa/campaigns/no-such-campaign");
    expect(response?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("صفحه پیدا نشد");
    await page.getByRole("link", { name: "رفتن به صفحهٔ کارزار" }).click();
    await expect(page).toHaveURL(/\/fa$/);
    await expectAccessible(page);
  });

  test("a form post from another site is refused, and an oversized body is a clear 413", async ({ request }) => {
    const crossSite = await request.post("/fa", {
      headers: { "sec-fetch-site": "cross-site", origin: "https://attacker.example" },
      form: { a: "b" },
    });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain("درخواست پذیرفته نشد");
    const forged = await request.post("/", { headers: { origin: "https://attacker.example" }, form: { a: "b" } });
    expect(forged.status()).toBe(403);

    const huge = await request.post("/", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: "a=" + "x".repeat(200_000) });
    expect(huge.status()).toBe(413);
    expect(await huge.text()).toContain("Too much text");
    // The server is unharmed.
    expect((await request.get("/")).status()).toBe(200);
  });

  test("static files cannot be reached by path traversal", async ({ request }) => {
    for (const path of ["/build/../../package.json", "/fonts/..%2f..%2fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
      const response = await request.get(path);
      expect(response.status(), path).not.toBe(200);
      expect(await response.text(), path).not.toContain('"name": "justice-1988-platform"');
    }
  });
});

test("a second campaign needs only data, and a missing translation falls back visibly to English", async ({ page, platform }) => {
  const database = openServerDatabase(platform.server);
  insertCampaign(database, {
    slug: "english-only-test",
    featured: false,
    translations: { en: { title: "A campaign written only in English", summary: "Added as data, without code." } },
    sections: [{ key: "about", kind: "prose", translations: { en: { heading: "About", bodyMd: "Some *English* text." } } }],
    quotations: [],
    timeline: [],
    sources: [],
    petitions: [],
  });
  database.$client.close();

  await page.goto("/fa/campaigns/english-only-test");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const fallback = page.locator(".fallback").first();
  await expect(fallback.locator(".fallback__notice")).toHaveText("هنوز ترجمه نشده است: متن انگلیسی نمایش داده می‌شود.");
  const english = fallback.locator('[lang="en"]');
  await expect(english).toHaveAttribute("dir", "ltr");
  await expect(english.getByRole("heading", { level: 1 })).toHaveText("A campaign written only in English");
  await expectAccessible(page);
});
