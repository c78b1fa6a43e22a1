// Playwright fixtures: each test worker runs its own production server (own SQLite file) and its own SMTP
// server on loopback. Every test fails if a page asked any host other than the platform for anything.
import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { AppServer, platformHosts } from "./app-server";
import { SmtpCapture } from "./smtp";

export interface Platform {
  server: AppServer;
  smtp: SmtpCapture;
  url: string;
}

interface WorkerFixtures {
  platform: Platform;
}

interface TestFixtures {
  /** Requests the page made to any other host (the test fails if there is one). */
  foreignRequests: string[];
  /** Content-Security-Policy violations reported in any page (the test fails if there is one). */
  cspViolations: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  platform: [
    async ({}, use) => {
      const smtp = new SmtpCapture();
      await smtp.start();
      const server = new AppServer({
        env: {
          SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          MAIL_FROM: "campaign@platform.test",
          // Every test of a worker comes from 127.0.0.1: limits are tested on servers of their own.
          RATE_LIMIT_BURST: "100000/60",
          RATE_LIMIT_SUSTAINED: "100000/3600",
          RATE_LIMIT_EMAIL: "1000/3600",
        },
      });
      await server.start();
      await use({ server, smtp, url: server.url });
      await server.stop();
      await smtp.stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  baseURL: async ({ platform }, use) => {
    await use(platform.url);
  },
  foreignRequests: [
    async ({ context }, use) => {
      const foreign: string[] = [];
      // The worker's server, and any server a test starts for itself (with special settings).
      await context.route(
        (url) => url.protocol !== "data:" && !platformHosts.has(url.host),
        async (route) => {
          foreign.push(route.request().url());
          await route.abort("blockedbyclient");
        },
      );
      await use(foreign);
      expect(foreign, "requests to other hosts").toEqual([]);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.exposeBinding("__reportCspViolation", (_source, text: string) => {
        violations.push(text);
      });
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(
            `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
          );
        });
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Runs axe and fails on serious or critical WCAG violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    "serious accessibility violations",
  ).toEqual([]);
}
