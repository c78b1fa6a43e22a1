import { and, eq } from "drizzle-orm";
import { expectAccessible, expect, test } from "../setup/fixtures";
import { expectEventually, linkIn, pathOf, petitionCounts, petitionPath, shownText, signPetition, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { schema } from "../../app/utils/db.server";

test.describe("signing with JavaScript, in English", () => {
  test("sign, receive the email, confirm, and see the count, the list and the map change", async ({ page, platform, request }) => {
    const email = uniqueEmail("freyja");
    const before = await petitionCounts(request);

    await page.goto(petitionPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Justice for the victims of the 1988 massacre in Iran");
    await expect(page.getByText("To: The Member States of the United Nations")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Why we ask, and who sees what" })).toBeVisible();
    await expectAccessible(page);
    // The browser solves the proof-of-work challenge on its own before the form is sent.
    await expect(page.locator('altcha-widget input[name="altcha"], input[name="altcha"]').first()).toHaveValue(/.{100,}/, { timeout: 20_000 });

    await signPetition(page, { fullName: "Freyja Sigurðardóttir", email, country: "Iceland", showPublicly: true, comment: "For my uncle." });
    await expect(page).toHaveURL(/\/petitions\/1988-massacre-justice\/check-email$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    await expectAccessible(page);

    const [mail] = await platform.smtp.waitFor(email);
    expect(mail!.subject).toBe("Please confirm your signature");
    expect(mail!.from).toContain("campaign@platform.test");
    expect(mail!.text).toContain("Dear Freyja Sigurðardóttir,");
    expect(mail!.text).toContain("“Justice for the victims of the 1988 massacre in Iran”");
    expect(mail!.html).toContain("Confirm my signature");
    const confirmUrl = linkIn(mail!, "/signatures/confirm/");
    expect(confirmUrl.startsWith(platform.url)).toBe(true);

    // Opening the link shows a button; it does not confirm anything by itself.
    await page.goto(pathOf(confirmUrl));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your signature");
    expect((await petitionCounts(request)).total).toBe(before.total);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Confirm my signature" }).click();
    await expect(page).toHaveURL(/\/petitions\/1988-massacre-justice\/thanks$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you: your signature is confirmed");
    await expect(page.getByRole("link", { name: "Telegram" })).toHaveAttribute("href", /^https:\/\/t\.me\/share\/url\?/);
    await expect(page.getByRole("link", { name: "Write to a UN representative" })).toBeVisible();
    await expectAccessible(page);

    const thanks = (await platform.smtp.waitFor(email, { count: 2 }))[1]!;
    expect(thanks.subject).toBe("Your signature is confirmed");
    expect(thanks.text).toContain("/signatures/withdraw/");
    expect(thanks.text).toContain("/campaigns/1988-massacre/letters");

    const after = await petitionCounts(request);
    expect(after.total).toBe(before.total + 1);
    expect(after.countries).toContainEqual({ code: "IS", count: null, fewerThan: 10 });

    await expectEventually(page, petitionPath, async (expectSoon) => {
      await expectSoon(page.getByText(`${after.total.toLocaleString("en-GB")} ${after.total === 1 ? "person has" : "people have"} signed`)).toBeVisible();
      await expectSoon(page.locator(".recent-signers")).toContainText("Freyja S., Iceland");
      await expectSoon(page.getByRole("row", { name: "Iceland fewer than 10" })).toBeVisible();
    });
    const map = await request.get(`${petitionPath}/map.svg`);
    expect(map.headers()["content-type"]).toContain("image/svg+xml");
    expect(await map.text()).toContain("<title>Iceland: fewer than 10</title>");

    // The comment is never public; the raw database holds no name or address.
    await expect(page.locator("main")).not.toContainText("For my uncle");
    const db = openServerDatabase(platform.server);
    const row = db.select().from(schema.signatures).all().find((s) => s.country === "IS" && s.publicName === "Freyja S.");
    expect(row).toMatchObject({ status: "confirmed", powVerified: true, commentStatus: "pending" });
    expect(Buffer.concat([row!.emailEnc, row!.nameEnc]).toString("latin1")).not.toMatch(/freyja/i);
    db.$client.close();
  });

  test("checks the form in the browser before anything is sent", async ({ page }) => {
    await page.goto(petitionPath);
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    await page.getByRole("button", { name: "Sign the petition" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Please correct the following:");
    await expect(summary.getByRole("link", { name: "Enter your full name." })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Enter your email address." })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Choose your country of residence." })).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
    expect(posts).toEqual([]);
    await expectAccessible(page);
  });
});

test.describe("signing without JavaScript, in Persian", () => {
  test.use({ javaScriptEnabled: false });

  test("sign, confirm and withdraw, all as plain HTML forms", async ({ page, platform, request }) => {
    const email = uniqueEmail("maryam");
    const before = await petitionCounts(request);
    await page.goto(`/fa${petitionPath}`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await signPetition(page, { fullName: "مریم کریمی", email, country: "آلمان", showPublicly: true }, { locale: "fa" });
    await expect(page).toHaveURL(/\/fa\/petitions\/1988-massacre-justice\/check-email$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ایمیل خود را ببینید");

    const [mail] = await platform.smtp.waitFor(email);
    expect(mail!.subject).toBe("لطفاً امضای خود را تأیید کنید");
    expect(mail!.text).toContain("مریم کریمی گرامی،");
    expect(mail!.html).toContain('dir="rtl"');
    const confirmUrl = linkIn(mail!, "/fa/signatures/confirm/");

    await page.goto(pathOf(confirmUrl));
    await page.getByRole("button", { name: "امضایم را تأیید می‌کنم" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("سپاسگزاریم: امضای شما تأیید شد");
    const after = await petitionCounts(request);
    expect(after.total).toBe(before.total + 1);
    await expectEventually(page, `/fa${petitionPath}`, async (expectSoon) => {
      await expectSoon(page.locator(".recent-signers")).toContainText("مریم ک.، آلمان");
      await expectSoon(page.locator(".progress__count")).toContainText(`${after.total.toLocaleString("fa-IR")} نفر امضا کرده‌اند`);
    });

    // Withdraw with the link in the thank-you email.
    const thanks = (await platform.smtp.waitFor(email, { count: 2 }))[1]!;
    expect(thanks.subject).toBe("امضای شما تأیید شد");
    await page.goto(pathOf(linkIn(thanks, "/fa/signatures/withdraw/")));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("پس گرفتن امضا");
    await page.getByRole("button", { name: "امضایم را پس می‌گیرم" }).click();
    await expect(page).toHaveURL(/\/fa\/petitions\/1988-massacre-justice\/withdrawn$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("امضای شما پس گرفته شد");
    expect((await petitionCounts(request)).total).toBe(before.total);
    await page.goto(`/fa${petitionPath}`);
    await expect(page.locator(".recent-signers")).not.toContainText("مریم ک.");
    const db = openServerDatabase(platform.server);
    expect(db.select().from(schema.signatures).where(eq(schema.signatures.country, "DE")).all()).toHaveLength(0);
    db.$client.close();
  });

  test("bad input: field errors in Persian, status 400, and nothing typed is lost", async ({ page }) => {
    await page.goto(`/fa${petitionPath}`);
    const longName = "ب".repeat(120);
    await signPetition(page, { fullName: longName, email: "not-an-address", country: "ایران", comment: "یادداشتی که نباید گم شود" }, { locale: "fa" });
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("لطفاً این موارد را اصلاح کنید:");
    await expect(page.locator("#fullName-error")).toHaveText("نام حداکثر می‌تواند ۱۰۰ نویسه داشته باشد.");
    await expect(page.locator("#email-error")).toHaveText("نشانی ایمیل را به شکل name@example.org بنویسید.");
    await expect(page.getByLabel("نام و نام خانوادگی")).toHaveValue(longName);
    await expect(page.getByLabel("نشانی ایمیل")).toHaveValue("not-an-address");
    await expect(page.getByLabel("کشور محل سکونت")).toHaveValue("IR");
    await expect(page.getByLabel("یادداشت (اختیاری)")).toHaveValue("یادداشتی که نباید گم شود");
  });
});

test.describe("the server's answers", () => {
  const form = (fields: Record<string, string>) => ({
    fullName: "Reza Ahmadi",
    email: uniqueEmail("reza"),
    country: "CA",
    ...fields,
  });

  test("every kind of bad input gets a 400 with a message per field", async ({ request }) => {
    const cases: [Record<string, string>, string][] = [
      [{ fullName: "" }, "Enter your full name."],
      [{ fullName: "x".repeat(101) }, "Your name must be at most 100 characters long."],
      [{ fullName: "12345" }, "Enter your name in letters, without control characters."],
      [{ fullName: "Reza\u0000Ahmadi" }, "Enter your name in letters, without control characters."],
      [{ email: "" }, "Enter your email address."],
      [{ email: "reza@" }, "Enter an email address in the form name@example.org."],
      [{ email: "reza@mailinator.com" }, "Addresses from throwaway-mailbox services cannot be used"],
      [{ country: "XX" }, "Choose your country of residence."],
      [{ country: "" }, "Choose your country of residence."],
      [{ comment: "x".repeat(501) }, "Your comment must be at most 500 characters long."],
    ];
    for (const [fields, message] of cases) {
      const response = await request.post(`${petitionPath}?index`, { form: form(fields) });
      expect(response.status(), JSON.stringify(fields).slice(0, 60)).toBe(400);
      expect(response.headers()["cache-control"]).toBe("no-store");
      expect(await response.text()).toContain(message);
    }
  });

  test("markup in a name is shown as text in pages and emails", async ({ page, platform }) => {
    const email = uniqueEmail("markup");
    const name = `<img src=x onerror=alert(1)> <b>Bold</b>`;
    await page.goto(petitionPath);
    // An invalid email sends the form back with the name in it: it must come back as text.
    await signPetition(page, { fullName: name, email: "bad", country: "Canada" });
    await expect(page.getByLabel("Full name")).toHaveValue(name);
    await expect(page.locator("main img[src=x]")).toHaveCount(0);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Sign the petition" }).click();
    await expect(page).toHaveURL(/check-email$/);
    const [mail] = await platform.smtp.waitFor(email);
    expect(mail!.text).toContain(`Dear ${name},`);
    expect(mail!.html).not.toContain("<img src=x");
    expect(mail!.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("a mistyped email domain gets a suggestion that one click accepts", async ({ page, platform }) => {
    const local = uniqueEmail("typo").split("@")[0]!;
    await page.goto(petitionPath);
    await signPetition(page, { fullName: "Sara Rahimi", email: `${local}@gmail.con`, country: "Sweden" });
    await expect(page.getByText(`Did you mean ${local}@gmail.com?`)).toBeVisible();
    await page.getByRole("button", { name: `Yes, use ${local}@gmail.com` }).click();
    await expect(page).toHaveURL(/check-email$/);
    await platform.smtp.waitFor(`${local}@gmail.com`);
  });

  test("a repeat submission looks the same, and sends a fresh link or an 'already signed' note", async ({ page, platform, request }) => {
    const email = uniqueEmail("again");
    const signer = { fullName: "Hamid Nouri", email, country: "France" };
    await page.goto(petitionPath);
    await signPetition(page, signer);
    await expect(page).toHaveURL(/check-email$/);
    const first = await shownText(page);
    // A few seconds later (sooner, it would be the same submission again and send nothing).
    await page.waitForTimeout(3500);
    await page.goto(petitionPath);
    await signPetition(page, signer);
    await expect(page).toHaveURL(/check-email$/);
    expect(await shownText(page)).toBe(first);
    const mails = await platform.smtp.waitFor(email, { count: 2 });
    expect(mails.map((m) => m.subject)).toEqual(["Please confirm your signature", "Please confirm your signature"]);

    // Either link confirms; after that, signing again sends a short note, and the page is still the same.
    const confirm = await request.post(pathOf(linkIn(mails[1]!, "/signatures/confirm/")), { maxRedirects: 0 });
    expect(confirm.status()).toBe(303);
    await page.waitForTimeout(3500);
    await page.goto(petitionPath);
    await signPetition(page, signer);
    await expect(page).toHaveURL(/check-email$/);
    expect(await shownText(page)).toBe(first);
    const all = await platform.smtp.waitFor(email, { count: 4 });
    expect(all.map((m) => m.subject)).toContain("About your signature");
    expect(all.find((m) => m.subject === "About your signature")!.text).toContain("already confirmed");
  });

  test("a burst of simultaneous submissions of one address gives one signature and one email", async ({ request, platform }) => {
    const email = uniqueEmail("burst");
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request.post(`${petitionPath}?index`, { form: { fullName: "Burst Test", email, country: "NO" }, maxRedirects: 0 }),
      ),
    );
    for (const r of responses) {
      expect(r.status()).toBe(303);
      expect(r.headers()["location"]).toBe(`${petitionPath}/check-email`);
    }
    const db = openServerDatabase(platform.server);
    const rows = db.select().from(schema.signatures).where(eq(schema.signatures.country, "NO")).all();
    expect(rows).toHaveLength(1);
    // One submission, repeated within seconds: one email.
    expect(rows[0]!.emailsSent).toBe(1);
    db.$client.close();
    await platform.smtp.waitFor(email, { count: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(platform.smtp.to(email)).toHaveLength(1);
  });

  test("every signing redirect carries the full server's security headers, also those the server entry answers itself", async ({ request }) => {
    // The first redirect of a kind goes through Express; later ones are answered before it with the headers it sent.
    const headersOf = async (n: number) => {
      const response = await request.post(`${petitionPath}?index`, { form: { fullName: "Header Test", email: uniqueEmail(`headers${n}`), country: "SE" }, maxRedirects: 0 });
      expect(response.status()).toBe(303);
      // Everything but the date and the body's framing (Express's compression sends an empty body chunked).
      const { date: _date, "content-length": _length, "transfer-encoding": _chunked, ...rest } = response.headers();
      return rest;
    };
    const first = await headersOf(1);
    expect(first["content-security-policy"]).toContain("default-src 'none'");
    for (const name of ["x-frame-options", "x-content-type-options", "referrer-policy", "cross-origin-opener-policy", "permissions-policy", "cache-control", "location"]) {
      expect(first[name], name).toBeTruthy();
    }
    for (let n = 2; n <= 4; n++) expect(await headersOf(n)).toEqual(first);
  });

  test("fetching a confirmation link (as mail scanners do) confirms nothing", async ({ request, platform }) => {
    const email = uniqueEmail("scanner");
    await request.post(`${petitionPath}?index`, { form: { fullName: "Scan Test", email, country: "FI" } });
    const [mail] = await platform.smtp.waitFor(email);
    const path = pathOf(linkIn(mail!, "/signatures/confirm/"));
    for (let i = 0; i < 3; i++) expect((await request.get(path)).status()).toBe(200);
    const db = openServerDatabase(platform.server);
    expect(db.select().from(schema.signatures).where(eq(schema.signatures.country, "FI")).get()!.status).toBe("pending");
    db.$client.close();
    // A made-up token is a 404 page that explains what to do.
    const forged = await request.get("/signatures/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(forged.status()).toBe(404);
    expect(await forged.text()).toContain("This link can no longer be used");
  });

  test("a filled-in honeypot is treated like any submission, and nothing is stored", async ({ request, platform }) => {
    const email = uniqueEmail("bot");
    const response = await request.post(`${petitionPath}?index`, {
      form: { fullName: "Bot", email, country: "PT", website: "http://spam.example" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe(`${petitionPath}/check-email`);
    await new Promise((r) => setTimeout(r, 500));
    expect(platform.smtp.to(email)).toHaveLength(0);
  });

  test("the petition page lists the ten countries with the most signatures and links to all of them, in both languages", async ({ page, platform }) => {
    // Counts from many countries (as after a real surge), added to the counter table the pages read.
    const extra = ["AR", "BR", "CL", "DK", "EG", "FJ", "GH", "HU", "IN", "JP", "KE", "LU"];
    const db = openServerDatabase(platform.server);
    const petitionId = db.select().from(schema.petitions).where(eq(schema.petitions.slug, "1988-massacre-justice")).get()!.id;
    extra.forEach((country, i) => db.insert(schema.petitionCountryCounts).values({ petitionId, country, confirmed: 5000 + i }).run());
    try {
      const total = db.select().from(schema.petitionCountryCounts).where(eq(schema.petitionCountryCounts.petitionId, petitionId)).all().filter((r) => r.confirmed > 0).length;
      await expectEventually(page, petitionPath, async (expectSoon) => {
        await expectSoon(page.locator(".country-counts table tbody tr")).toHaveCount(10);
      });
      await expect(page.locator(".country-counts caption")).toHaveText("The 10 countries with the most confirmed signatures");
      await expect(page.locator(".country-counts tbody tr").first()).toContainText("Luxembourg");
      await page.getByRole("link", { name: `All ${total} countries` }).click();
      await expect(page).toHaveURL(new RegExp(`${petitionPath}/countries$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Signatures by country");
      await expect(page.locator("table tbody tr")).toHaveCount(total);
      await expect(page.getByRole("row", { name: /Argentina/ })).toContainText("5,000");
      await expectAccessible(page);

      await page.goto(`/fa${petitionPath}/countries`);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("امضاها بر پایهٔ کشور");
      await expect(page.locator("table tbody tr")).toHaveCount(total);
      await expectAccessible(page);
    } finally {
      for (const country of extra) db.delete(schema.petitionCountryCounts).where(and(eq(schema.petitionCountryCounts.petitionId, petitionId), eq(schema.petitionCountryCounts.country, country))).run();
      db.$client.close();
    }
  });

  test("the JSON endpoint gives the total and the counts by country", async ({ request }) => {
    const response = await request.get("/api/petitions/1988-massacre-justice");
    expect(response.headers()["content-type"]).toContain("application/json");
    const body = await response.json();
    expect(body).toMatchObject({ petition: "1988-massacre-justice", status: "open", threshold: 10 });
    expect(typeof body.total).toBe("number");
    expect(Array.isArray(body.countries)).toBe(true);
    expect((await request.get("/api/petitions/nope")).status()).toBe(404);
  });
});
