// Protecting supporters: their rights (copy, erasure, unsubscribe), the privacy notice, discreet emails, and
// what a copied database file or the server's logs reveal (nothing that identifies anyone).
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { expectAccessible, expect, test } from "../setup/fixtures";
import { contextDefaults } from "../setup/browser";
import { AppServer } from "../setup/app-server";
import { linkIn, pathOf, petitionCounts, petitionPath, shownText, signPetition, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { SmtpCapture, type ReceivedMail } from "../setup/smtp";
import { createStaff, signIn, useServerKeys } from "../setup/staff";
import { lookupHash } from "../../app/utils/crypto.server";
import { schema } from "../../app/utils/db.server";
import { canonicalEmail } from "../../app/utils/email-address.server";

const lettersPath = "/campaigns/1988-massacre/letters";

/** A header of the raw message, unfolded (long headers are folded over several lines). */
function rawHeader(mail: ReceivedMail, name: string): string | null {
  const unfolded = mail.raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

async function signAndConfirm(page: Page, smtp: SmtpCapture, signer: Parameters<typeof signPetition>[1], prefix = "") {
  await page.goto(`${prefix}${petitionPath}`);
  await signPetition(page, signer);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  const [mail] = await smtp.waitFor(signer.email);
  await page.goto(`${prefix}${pathOf(linkIn(mail!, "/signatures/confirm/"))}`);
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you: your signature is confirmed");
  return (await smtp.waitFor(signer.email, { count: 2 }))[1]!;
}

test.describe("a supporter's rights, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("ask for a copy, then for erasure: answered by email only, and the signature leaves every count", async ({ page, platform, request }) => {
    const email = uniqueEmail("rights");
    const before = await petitionCounts(request);
    await signAndConfirm(page, platform.smtp, { fullName: "Parvin Ahmadi", email, country: "Norway", comment: "In memory of my father." });
    expect((await petitionCounts(request)).total).toBe(before.total + 1);

    // The footer leads to the page; a wrong address is explained and nothing is sent.
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Your data" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your data");
    await page.getByLabel("Your email address").fill("not-an-address");
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.locator(".field__error")).toHaveText("Enter an email address in the form name@example.org.");
    await expect(page.getByLabel("Your email address")).toHaveValue("not-an-address");

    // A copy: everything held, in the supporter's language, sent to the address only.
    await page.getByLabel("Your email address").fill(email);
    await page.getByLabel("A copy of my data").check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page).toHaveURL(/\/my-data\/sent$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    const sentPage = await shownText(page);
    const copy = (await platform.smtp.waitFor(email, { count: 3 }))[2]!;
    expect(copy.subject).toBe("A copy of your data");
    expect(copy.text).toContain("“Justice for the victims of the 1988 massacre in Iran”: Parvin Ahmadi, Norway, confirmed, signed on");
    expect(copy.text).toContain("Comment: In memory of my father.");
    expect(copy.text).toContain("/my-data");

    // An address that signed nothing sees exactly the same page; its mailbox learns that nothing is held.
    const stranger = uniqueEmail("stranger");
    await page.goto("/my-data");
    await page.getByLabel("Your email address").fill(stranger);
    await page.getByLabel("A copy of my data").check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page).toHaveURL(/\/my-data\/sent$/);
    expect(await shownText(page)).toBe(sentPage);
    const [none] = await platform.smtp.waitFor(stranger);
    expect(none!.text).toContain("This site holds no data about this email address.");

    // Erasure: the link in the email shows what will happen; only the button erases.
    await page.goto("/my-data");
    await page.getByLabel("Your email address").fill(email);
    await page.getByLabel("Erase my data").check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page).toHaveURL(/\/my-data\/sent$/);
    const eraseMail = (await platform.smtp.waitFor(email, { count: 4 }))[3]!;
    expect(eraseMail.subject).toBe("Your erasure request");
    const eraseUrl = pathOf(linkIn(eraseMail, "/my-data/erase/"));
    await page.goto(eraseUrl);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erase your data");
    expect((await petitionCounts(request)).total).toBe(before.total + 1);
    await page.getByRole("button", { name: "Erase my data" }).click();
    await expect(page.getByRole("status")).toHaveText("Your data has been erased.");
    expect((await petitionCounts(request)).total).toBe(before.total);
    useServerKeys(platform.server);
    const emailHash = lookupHash("email", canonicalEmail(email));
    const db = openServerDatabase(platform.server);
    expect(db.select().from(schema.signatures).where(eq(schema.signatures.emailHash, emailHash)).all()).toEqual([]);
    db.$client.close();

    // The link works once.
    const again = await page.goto(eraseUrl);
    expect(again!.status()).toBe(404);
    await expect(page.getByText(/has already been used/)).toBeVisible();

    // Asking to erase an unknown address sends no link.
    await page.goto("/my-data");
    await page.getByLabel("Your email address").fill(stranger);
    await page.getByLabel("Erase my data").check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page).toHaveURL(/\/my-data\/sent$/);
    const noLink = (await platform.smtp.waitFor(stranger, { count: 2 }))[1]!;
    expect(noLink.text).toContain("there is nothing to erase");
    expect(noLink.text).not.toContain("/my-data/erase/");
  });
});

test.describe("unsubscribing, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("one-click unsubscribe, by a mail program (RFC 8058) and by a person", async ({ page, platform, request, browser }) => {
    const email = uniqueEmail("updates");
    const thanks = await signAndConfirm(page, platform.smtp, { fullName: "Kaveh Rostami", email, country: "Sweden", wantsUpdates: true });
    const header = rawHeader(thanks, "List-Unsubscribe");
    expect(header).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(rawHeader(thanks, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(thanks.text).toContain("To stop campaign updates:");
    const url = pathOf(header!.slice(1, -1));

    useServerKeys(platform.server);
    const emailHash = lookupHash("email", canonicalEmail(email));
    const wantsUpdates = () => {
      const db = openServerDatabase(platform.server);
      const rows = db.select().from(schema.signatures).where(eq(schema.signatures.emailHash, emailHash)).all();
      db.$client.close();
      return rows.map((r) => r.wantsUpdates);
    };
    expect(wantsUpdates()).toEqual([true]);

    // What a mail program sends on its own: a POST with the one-click body, no cookies, no Origin.
    const oneClick = await request.post(url, { form: { "List-Unsubscribe": "One-Click" } });
    expect(oneClick.status()).toBe(200);
    expect(wantsUpdates()).toEqual([false]);

    // A person following the link sees a button, then a confirmation.
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stop campaign updates");
    // (axe needs scripts: the same page in a browser with JavaScript.)
    const viewer = await browser.newContext({ ...contextDefaults, baseURL: platform.url, javaScriptEnabled: true });
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(url);
    await expectAccessible(viewerPage);
    await viewer.close();
    await page.getByRole("button", { name: "Stop the updates" }).click();
    await expect(page).toHaveURL(/\?done=1$/);
    await expect(page.getByRole("status")).toHaveText("Done: you will receive no more updates.");

    // A forged link does nothing.
    const forged = url.replace(/\.[A-Za-z0-9_-]+$/, ".AAAAAAAAAAAAAAAAAAAAAA");
    expect((await request.post(forged, { form: { "List-Unsubscribe": "One-Click" } })).status()).toBe(404);
    expect((await page.goto(forged))!.status()).toBe(404);
  });
});

test.describe("the privacy notice", () => {
  test("is generated from the settings, in English and in Persian, right to left", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Privacy" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
    const main = page.locator("main");
    await expect(main).toContainText("Names, emails and comments of signers: anonymised 183 days after the petition closes");
    await expect(main).toContainText("Letter texts and their writers' names, emails and cities: erased 30 days after delivery.");
    await expect(main).toContainText("Hashes of network addresses: dropped after 30 days.");
    await expect(main).toContainText("below 10 shown only as “fewer than 10”");
    await expectAccessible(page);

    await page.getByRole("link", { name: "فارسی" }).click();
    await expect(page).toHaveURL(/\/fa\/privacy$/);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("اطلاعیهٔ حریم خصوصی");
    await expect(page.locator("main")).toContainText("۱۸۳");
    await expectAccessible(page);
    await page.getByRole("link", { name: "درخواست رونوشت یا پاک شدن اطلاعات" }).click();
    await expect(page).toHaveURL(/\/fa\/my-data$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("اطلاعات شما");
    await page.getByRole("button", { name: "فرستادن درخواست" }).click();
    await expect(page.locator(".field__error")).toBeVisible();
    await expectAccessible(page);
  });

  test("the pages behind the links in our emails are accessible", async ({ page }) => {
    for (const path of ["/my-data", "/my-data/sent", "/fa/my-data/sent", "/my-data/erase/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/fa/unsubscribe/not-a-token"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
  });
});

test.describe("on a server of its own", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });
  const smtp = new SmtpCapture();
  let server: AppServer;

  test.beforeAll(async () => {
    await smtp.start();
    server = new AppServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "campaign@platform.test" } });
    await server.start();
  });
  test.afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  test("a stolen database file and the server's logs reveal no supporter", async ({ page }) => {
    const email = `zhubin.sentinel.${process.pid}@example.org`;
    const secrets = ["Zhubin", "Sentinelzadeh", "Marjan", "مرجان", "Tabrizi-Sentinel", email, email.split("@")[0]!, "Sentinel comment about my aunt", "Sentinelville"];
    const thanks = await signAndConfirm(page, smtp, { fullName: "Zhubin Sentinelzadeh", email, country: "Canada", comment: "Sentinel comment about my aunt", wantsUpdates: true }, server.url);

    // A Persian name too (UTF-8 in the file), through the letter journey.
    const writer = `marjan.sentinel.${process.pid}@example.org`;
    secrets.push(writer, writer.split("@")[0]!);
    await page.goto(`${server.url}${lettersPath}`);
    await page.getByLabel("Your country of residence").selectOption({ label: "Iceland" });
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Your name").fill("مرجان Tabrizi-Sentinel");
    await page.getByLabel("Your email address").fill(writer);
    await page.getByLabel("Your city (optional)").fill("Sentinelville");
    await page.getByRole("button", { name: "Send my letter" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    const [confirmation] = await smtp.waitFor(writer);
    const confirmUrl = linkIn(confirmation!, "/letters/confirm/");
    await page.goto(confirmUrl);
    await page.getByRole("button", { name: "Send my letter" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your letters");
    await smtp.waitFor("demo-ny-is@example.org");
    const receipt = (await smtp.waitFor(writer, { count: 2 }))[1]!;

    // Every token the supporters were sent, in the links of their emails.
    const tokens = [thanks, confirmation!, receipt, ...smtp.to(email)]
      .flatMap((m) => m.text.match(/https?:\/\/\S+/g) ?? [])
      .map((u) => /\/(?:signatures\/(?:confirm|withdraw)|letters\/(?:confirm|status)|unsubscribe|my-data\/erase)\/([^/?#\s]+)/.exec(new URL(u).pathname)?.[1])
      .filter((token): token is string => Boolean(token));
    expect(tokens.length).toBeGreaterThanOrEqual(4);

    const scan = (what: string, haystack: Buffer) => {
      for (const secret of [...secrets, ...tokens]) {
        expect(haystack.includes(Buffer.from(secret, "utf8")), `${what} contains ${secret}`).toBe(false);
        expect(haystack.includes(Buffer.from(secret.toLowerCase(), "utf8")), `${what} contains ${secret.toLowerCase()}`).toBe(false);
      }
    };
    // The files as they are while the server runs (the write-ahead log holds the latest writes) …
    const files = () => fs.readdirSync(server.dataDir).filter((f) => f.startsWith("platform.db"));
    expect(files()).toContain("platform.db-wal");
    for (const file of files()) scan(file, fs.readFileSync(path.join(server.dataDir, file)));
    scan("server log", Buffer.from(server.log));
    expect(server.log).toContain('"path":"/signatures/confirm/:secret"');

    // … and after a clean shutdown, when the log has been folded into the database file.
    await server.stop();
    for (const file of files()) scan(file, fs.readFileSync(path.join(server.dataDir, file)));
    await server.start();
  });

  test("discreet mode: emails to supporters name neither the cause nor the site", async ({ page }) => {
    const staff = await createStaff(server, ["campaigner"]);
    await signIn(page, staff, { prefix: server.url });
    await page.goto(`${server.url}/staff/campaigns/1988-massacre?content=en`);
    const section = page.locator("#discreet");
    await expect(section.getByRole("heading", { name: "Discreet emails" })).toBeVisible();
    await section.getByLabel("Send discreet emails to this campaign's supporters").check();
    await section.getByRole("button", { name: "Save email setting" }).click();
    await expect(page.getByText("Saved. Emails written from now on follow this setting.")).toBeVisible();
    await expect(page.locator("#discreet").getByLabel("Send discreet emails to this campaign's supporters")).toBeChecked();
    const db = openServerDatabase(server);
    expect(db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "campaigns.discreet_changed")).all()).toMatchObject([
      { target: "campaign:1988-massacre" },
    ]);
    db.$client.close();

    const telling = /1988|massacre|Iran|accountability|petition|Mission|campaign for/i;
    const expectDiscreet = (mail: ReceivedMail, subject: string) => {
      expect(mail.subject).toBe(subject);
      expect(mail.from).toBe('"Notifications" <campaign@platform.test>');
      expect(mail.text).not.toMatch(telling);
      expect(mail.html.replace(/<[^>]+>/g, " ")).not.toMatch(telling);
    };

    const email = uniqueEmail("discreet");
    await page.goto(`${server.url}${petitionPath}`);
    await signPetition(page, { fullName: "Leila Discreet", email, country: "Canada", wantsUpdates: true });
    const [confirm] = await smtp.waitFor(email);
    expectDiscreet(confirm!, "Your confirmation link");
    await page.goto(`${server.url}${pathOf(linkIn(confirm!, "/signatures/confirm/"))}`);
    await page.getByRole("button", { name: "Confirm my signature" }).click();
    const thanks = (await smtp.waitFor(email, { count: 2 }))[1]!;
    expectDiscreet(thanks, "About your request");

    const writer = uniqueEmail("discreet-writer");
    await page.goto(`${server.url}${lettersPath}`);
    await page.getByLabel("Your country of residence").selectOption({ label: "Norway" });
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Your name").fill("Leila Discreet");
    await page.getByLabel("Your email address").fill(writer);
    await page.getByRole("button", { name: "Send my letter" }).click();
    const [letterConfirm] = await smtp.waitFor(writer);
    expectDiscreet(letterConfirm!, "Your confirmation link");
    await page.goto(linkIn(letterConfirm!, "/letters/confirm/"));
    await page.getByRole("button", { name: "Send my letter" }).click();
    const receipt = (await smtp.waitFor(writer, { count: 2 }))[1]!;
    expectDiscreet(receipt, "About your request");
    // The letters to the missions are unchanged.
    const [letter] = await smtp.waitFor("demo-ny-no@example.org");
    expect(letter!.subject).toBe("Request for an independent investigation of the 1988 mass executions in Iran");
  });
});
