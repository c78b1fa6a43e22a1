import { eq } from "drizzle-orm";
import { expectAccessible, expect, test } from "../setup/fixtures";
import { linkIn, pathOf, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { schema } from "../../app/utils/db.server";

const lettersPath = "/campaigns/1988-massacre/letters";

test.describe("writing with JavaScript, in English", () => {
  test("choose the state, see the live preview, confirm, and the missions receive the letter", async ({ page, platform }) => {
    const email = uniqueEmail("writer");
    await page.goto("/");
    await page.getByRole("link", { name: "Write to a UN representative" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Write to a UN representative");
    await page.getByLabel("Your country of residence").selectOption({ label: "Iceland" });
    await page.getByRole("button", { name: "Continue" }).click();

    const recipients = page.locator("ul.recipients > li");
    await expect(recipients).toHaveCount(2);
    await expect(recipients.first()).toContainText("Permanent Mission of Iceland (New York)");
    await expect(recipients.nth(1)).toContainText("(Geneva)");

    // The preview fills every merge field, live.
    const preview = page.locator(".letter-preview__text");
    await expect(preview).toContainText("Excellency,");
    await expect(preview).toContainText("as a person living in Iceland to ask that Iceland support");
    await page.getByLabel("Your name").fill("Sigrún Jónsdóttir");
    await page.getByLabel("Your city (optional)").fill("Reykjavík");
    await expect(preview).toContainText("Sigrún Jónsdóttir\nReykjavík");
    await page.getByLabel("Text of the letter").fill("{{salutation}},\n\nPlease act now, {{state}}.\n\n{{supporter.name}}\n{{supporter.city}}");
    await expect(preview).toHaveText("Excellency,\n\nPlease act now, Iceland.\n\nSigrún Jónsdóttir\nReykjavík");
    await expectAccessible(page);

    await page.getByLabel("Your email address").fill(email);
    await page.getByRole("button", { name: "Send my letter" }).click();
    await expect(page).toHaveURL(/\/letters\/check-email$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");

    const [confirmation] = await platform.smtp.waitFor(email);
    expect(confirmation!.subject).toBe("Please confirm your letter");
    expect(confirmation!.text).toContain("Permanent Mission of Iceland (New York)");
    // Nothing goes to the missions before the writer confirms.
    expect(platform.smtp.to("demo-ny-is@example.org")).toHaveLength(0);

    await page.goto(pathOf(linkIn(confirmation!, "/letters/confirm/")));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send your letter");
    expect(platform.smtp.to("demo-ny-is@example.org")).toHaveLength(0);
    await page.getByRole("button", { name: "Send my letter" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your letters");

    for (const address of ["demo-ny-is@example.org", "demo-geneva-is@example.org"]) {
      const [letter] = await platform.smtp.waitFor(address);
      expect(letter!.subject).toBe("Request for an independent investigation of the 1988 mass executions in Iran");
      expect(letter!.from).toBe(`"Sigrún Jónsdóttir via Justice for the victims of Iran’s 1988 massacre" <campaign@platform.test>`);
      expect(letter!.replyTo).toBe(email);
      expect(letter!.to).toBe(address);
      expect(letter!.text).toContain("Excellency,\n\nPlease act now, Iceland.\n\nSigrún Jónsdóttir\nReykjavík");
      expect(letter!.text).toContain("Replies go directly to the writer.");
      expect(letter!.text).toContain("/recipients/opt-out/");
      expect(letter!.envelopeFrom).toBe("campaign@platform.test");
    }
    const receipt = (await platform.smtp.waitFor(email, { count: 2 }))[1]!;
    expect(receipt.subject).toBe("Your letter is on its way");

    await expect(async () => {
      await page.reload();
      // A short wait per load, so that the page is reloaded until it shows the change.
      await expect(page.locator(".letter-status--sent")).toHaveCount(2, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    // Public figures: letters delivered per member state (small counts not numbered).
    await expect(async () => {
      await page.goto(lettersPath);
      await expect(page.getByRole("row", { name: "Iceland fewer than 10" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const map = await page.request.get(`${lettersPath}/map.svg`);
    expect(await map.text()).toContain("<title>Iceland: fewer than 10</title>");
  });

  test("a browser that confirmed its address in the last hour is not asked again", async ({ page, platform }) => {
    const email = uniqueEmail("again");
    const write = async (residence: string) => {
      await page.goto(lettersPath);
      await page.getByLabel("Your country of residence").selectOption({ label: residence });
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByLabel("Your name").fill("Arash Tehrani");
      await page.getByLabel("Your email address").fill(email);
      await page.getByRole("button", { name: "Send my letter" }).click();
    };
    await write("Finland");
    await expect(page).toHaveURL(/check-email$/);
    const [confirmation] = await platform.smtp.waitFor(email);
    await page.goto(pathOf(linkIn(confirmation!, "/letters/confirm/")));
    await page.getByRole("button", { name: "Send my letter" }).click();
    await platform.smtp.waitFor("demo-ny-fi@example.org");

    await write("Estonia");
    await expect(page).toHaveURL(/\/letters\/sent$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your letter is on its way");
    await platform.smtp.waitFor("demo-ny-ee@example.org");
    const mails = await platform.smtp.waitFor(email, { count: 3 });
    expect(mails.map((m) => m.subject)).toEqual(["Please confirm your letter", "Your letter is on its way", "Your letter is on its way"]);
  });
});

test.describe("writing without JavaScript, in Persian", () => {
  test.use({ javaScriptEnabled: false });

  test("a letter signed as a verified supporter carries neither the writer's name nor email", async ({ page, platform }) => {
    const email = uniqueEmail("anonymous");
    await page.goto(`/fa${lettersPath}`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await page.getByLabel("کشور محل سکونت شما").selectOption({ label: "نروژ" });
    await page.getByLabel("زبان نامه").selectOption("fa");
    await page.getByRole("button", { name: "ادامه" }).click();
    await expect(page.locator("ul.recipients > li")).toHaveCount(2);
    // Without JavaScript the preview shows the letter with the state filled in.
    await expect(page.locator(".letter-preview__text")).toContainText("عالیجناب،");
    await expect(page.locator(".letter-preview__text")).toContainText("از نروژ بخواهم");

    await page.getByLabel("نام شما").fill("نسرین رضایی");
    await page.getByLabel("نشانی ایمیل شما").fill(email);
    await page.getByLabel("شهر شما (اختیاری)").fill("اسلو");
    await page.getByLabel(/به‌عنوان حامی تأییدشده از نروژ/).check();
    await page.getByRole("button", { name: "فرستادن نامه‌ام" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ایمیل خود را ببینید");

    const [confirmation] = await platform.smtp.waitFor(email);
    expect(confirmation!.subject).toBe("لطفاً نامهٔ خود را تأیید کنید");
    await page.goto(pathOf(linkIn(confirmation!, "/fa/letters/confirm/")));
    await page.getByRole("button", { name: "فرستادن نامه‌ام" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("نامه‌های شما");

    for (const address of ["demo-ny-no@example.org", "demo-geneva-no@example.org"]) {
      const [letter] = await platform.smtp.waitFor(address);
      expect(letter!.subject).toBe("درخواست تحقیق مستقل دربارهٔ اعدام‌های گستردهٔ سال ۱۳۶۷ در ایران");
      expect(letter!.replyTo).toBe("");
      expect(letter!.from).toContain("یکی از حامیان از طریق");
      expect(letter!.text).toContain("یکی از حامیان تأییدشده از نروژ");
      expect(letter!.text).toContain("نشانی ایمیل نویسنده تأیید شده است");
      for (const secret of ["نسرین", "رضایی", "اسلو", email, email.split("@")[0]!]) {
        expect(letter!.raw, secret).not.toContain(secret);
        expect(letter!.raw, secret).not.toContain(Buffer.from(secret).toString("base64"));
      }
    }
  });

  test("sending it yourself: a mailto link with the whole letter, and a printable page; nothing is stored", async ({ page, platform }) => {
    const before = openServerDatabase(platform.server);
    const batches = before.select().from(schema.letterBatches).all().length;
    before.$client.close();

    await page.goto(`${lettersPath}?residence=PT&lang=en`);
    await page.getByLabel("Your name").fill("Leila Ahmadi");
    await page.getByLabel("Your city (optional)").fill("Lisbon");
    await page.getByLabel(/I will send it myself/).check();
    await page.getByRole("button", { name: "Send my letter" }).click();
    await expect(page.getByRole("heading", { name: "Your letter, ready to send" })).toBeVisible();
    const link = page.getByRole("link", { name: "Email DEMO: Permanent Mission of Portugal (New York)" });
    const href = (await link.getAttribute("href"))!;
    expect(href.startsWith("mailto:demo-ny-pt@example.org?subject=")).toBe(true);
    expect(href.length).toBeLessThanOrEqual(2000);
    const url = new URL(href);
    expect(url.searchParams.get("subject")).toBe("Request for an independent investigation of the 1988 mass executions in Iran");
    const body = url.searchParams.get("body")!.replace(/\r\n/g, "\n");
    // The text itself, not as laid out (innerText would depend on the stylesheet's pre-wrap having arrived).
    const shown = (await page.locator(".printable-letter__body").first().textContent())!;
    expect(body === shown || body.startsWith(shown.slice(0, 200))).toBe(true);
    expect(body).toContain("Leila Ahmadi\nLisbon");
    expect(body).toContain("I am writing to you as a person living in Portugal");

    const after = openServerDatabase(platform.server);
    expect(after.select().from(schema.letterBatches).all().length).toBe(batches);
    after.$client.close();
  });

  test("bad input keeps everything typed and says what to fix", async ({ page }) => {
    await page.goto(`${lettersPath}?residence=BE&lang=en`);
    await page.getByLabel("Your name").fill("Kaveh Mohammadi");
    await page.getByLabel("Your email address").fill("kaveh@");
    await page.getByLabel("Text of the letter").fill("");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(lettersPath)),
      page.getByRole("button", { name: "Send my letter" }).click(),
    ]);
    expect(answer.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("Please correct the following:");
    await expect(page.locator("#body-error")).toHaveText("The letter cannot be empty.");
    await expect(page.locator("#email-error")).toHaveText("Enter an email address in the form name@example.org.");
    await expect(page.getByLabel("Your name")).toHaveValue("Kaveh Mohammadi");
    await expect(page.getByLabel("Your email address")).toHaveValue("kaveh@");
  });
});

test("a mission can stop the letters, and a bouncing address is paused", async ({ request, platform }) => {
  const email = uniqueEmail("bounce");
  platform.smtp.rejectRecipients.add("demo-geneva-lu@example.org");
  const post = await request.post(`${lettersPath}?index`, {
    form: { residence: "LU", state: "LU", lang: "en", name: "Test Writer", email, appear: "reachable", delivery: "platform" },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(303);
  const [confirmation] = await platform.smtp.waitFor(email);
  const confirmed = await request.post(pathOf(linkIn(confirmation!, "/letters/confirm/")), { maxRedirects: 0 });
  expect(confirmed.status()).toBe(303);
  const statusPath = confirmed.headers()["location"]!;
  const [letter] = await platform.smtp.waitFor("demo-ny-lu@example.org");

  await expect(async () => {
    const page = await (await request.get(statusPath)).text();
    expect(page).toContain("not delivered");
    expect(page).toContain("delivered");
  }).toPass({ timeout: 10_000 });
  const db = openServerDatabase(platform.server);
  const geneva = db.select().from(schema.recipients).where(eq(schema.recipients.email, "demo-geneva-lu@example.org")).get()!;
  expect(geneva.status).toBe("bouncing");
  expect(geneva.statusReason).toMatch(/^SMTP 550/);

  // The opt-out link at the foot of the letter: GET asks, POST stops.
  const optOut = pathOf(linkIn(letter!, "/recipients/opt-out/"));
  expect(await (await request.get(optOut)).text()).toContain("Stop the letters");
  expect((await request.post(optOut, { maxRedirects: 0 })).status()).toBe(303);
  const ny = db.select().from(schema.recipients).where(eq(schema.recipients.email, "demo-ny-lu@example.org")).get()!;
  expect(ny.status).toBe("opted_out");
  db.$client.close();
  expect((await request.get("/recipients/opt-out/1.forged-token-forged-token-forged-tok")).status()).toBe(404);
});
