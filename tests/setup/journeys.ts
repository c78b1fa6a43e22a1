// Steps of the supporter journeys, shared by the end-to-end tests.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { ReceivedMail } from "./smtp";

export const petitionPath = "/petitions/1988-massacre-justice";

let sequence = 0;
/** An address no other test uses. */
export function uniqueEmail(tag: string): string {
  sequence += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${sequence}@example.org`;
}

export interface Signer {
  fullName: string;
  email: string;
  /** The option's visible name in the page's language. */
  country: string;
  comment?: string;
  showPublicly?: boolean;
  wantsUpdates?: boolean;
}

/** Fills in and sends the sign form, as a person would, in either language. */
export async function signPetition(page: Page, signer: Signer, { locale = "en" }: { locale?: "en" | "fa" } = {}) {
  const labels =
    locale === "fa"
      ? { name: "نام و نام خانوادگی", email: "نشانی ایمیل", country: "کشور محل سکونت", comment: "یادداشت (اختیاری)", show: /نام کوچک/, updates: /باخبرم کنید/, submit: "امضای دادخواست" }
      : { name: "Full name", email: "Email address", country: "Country of residence", comment: "Comment (optional)", show: /Show my first name/, updates: /Keep me informed/, submit: "Sign the petition" };
  await page.getByLabel(labels.name).fill(signer.fullName);
  await page.getByLabel(labels.email).fill(signer.email);
  await page.getByLabel(labels.country).selectOption({ label: signer.country });
  if (signer.comment) await page.getByLabel(labels.comment).fill(signer.comment);
  if (signer.showPublicly) await page.getByLabel(labels.show).check();
  if (signer.wantsUpdates) await page.getByLabel(labels.updates).check();
  await page.getByRole("button", { name: labels.submit }).click();
}

/** The first link in an email that contains `fragment`. */
export function linkIn(mail: ReceivedMail, fragment: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(fragment));
  if (!link) throw new Error(`no link with ${fragment} in: ${mail.text}`);
  return link;
}

/** The same link, on the test server (emails carry PUBLIC_URL, which is the test server's address). */
export function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/**
 * The live counts from the JSON endpoint. Its plain URL is served from the page cache for a few seconds (as
 * readers get it); a query string makes the server render it afresh, so that a test sees its own change.
 */
export async function petitionCounts(request: APIRequestContext) {
  const response = await request.get(`/api/petitions/1988-massacre-justice?at=${Date.now()}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { total: number; countries: { code: string; count: number | null; fewerThan?: number }[] };
}

/**
 * Reloads until the (briefly cached) petition page shows what is expected. The check gets an `expect` that
 * gives up after a second: with the default 10 s, the first check on a page cached just before the change
 * used the whole budget waiting on that one load, and the page was never reloaded.
 */
export async function expectEventually(page: Page, path: string, check: (expectSoon: typeof expect) => Promise<void>) {
  const expectSoon = expect.configure({ timeout: 1_000 });
  await expect(async () => {
    await page.goto(path);
    await check(expectSoon);
  }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] });
}

/**
 * The text of the page's main content as a reader sees it. innerText follows the stylesheet (what it hides,
 * where lines break), so it waits for the page to have loaded: after a form's redirect the address changes
 * before the stylesheet has arrived.
 */
export async function shownText(page: Page): Promise<string> {
  await page.waitForLoadState("load");
  return page.locator("main").innerText();
}
