// Signing under pressure: per-address limits, and an SMTP server that is down while people sign.
import { expect, test } from "@playwright/test";
import { AppServer } from "../setup/app-server";
import { petitionPath, uniqueEmail } from "../setup/journeys";
import { SmtpCapture } from "../setup/smtp";

test.describe("rate limits", () => {
  const smtp = new SmtpCapture();
  let server: AppServer;

  test.beforeAll(async () => {
    await smtp.start();
    server = await new AppServer({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, RATE_LIMIT_BURST: "3/60", TRUST_PROXY: "loopback" },
    }).start();
  });
  test.afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  test("over the limit, a 429 page in the reader's language with Retry-After, and the form kept", async ({ request }) => {
    const post = (ip: string, email: string, lang = "") =>
      request.post(`${server.url}${lang}${petitionPath}?index`, {
        form: { fullName: "Limit Test", email, country: "IE" },
        headers: { "x-forwarded-for": ip },
        maxRedirects: 0,
      });
    for (let i = 0; i < 3; i++) expect((await post("203.0.113.7", uniqueEmail("limit"))).status()).toBe(303);
    const refused = await post("203.0.113.7", "kept@example.org", "/fa");
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain("در مدتی کوتاه امضاهای بسیاری از شبکهٔ شما فرستاده شده است");
    expect(html).toContain('value="kept@example.org"');
    // Someone else, elsewhere, still gets through.
    expect((await post("198.51.100.20", uniqueEmail("elsewhere"))).status()).toBe(303);
  });
});

test.describe("SMTP outage", () => {
  const smtp = new SmtpCapture();
  let server: AppServer;

  test.beforeAll(async () => {
    await smtp.start();
    // Retry delays scaled down from 30 s, 2 min… to 0.3 s, 1.2 s…
    server = await new AppServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_RETRY_SCALE: "0.01" } }).start();
  });
  test.afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  test("signing goes on while SMTP is down, and every email arrives once when it is back", async ({ request }) => {
    const port = smtp.port;
    await smtp.stop();
    const emails = [uniqueEmail("outage-a"), uniqueEmail("outage-b"), uniqueEmail("outage-c")];
    for (const email of emails) {
      const started = Date.now();
      const response = await request.post(`${server.url}${petitionPath}?index`, { form: { fullName: "Outage Test", email, country: "AT" }, maxRedirects: 0 });
      expect(response.status()).toBe(303);
      // Signing never waits for the mail server.
      expect(Date.now() - started).toBeLessThan(2000);
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages).toHaveLength(0);
    await smtp.start(port);
    for (const email of emails) await smtp.waitFor(email, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
  });
});
