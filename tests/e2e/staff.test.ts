import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { desc, eq } from "drizzle-orm";
import { expect as baseExpect, test as baseTest } from "@playwright/test";
import { findStaffByEmail, totpCodeForTests } from "../../app/staff/auth.server";
import { decryptField } from "../../app/utils/crypto.server";
import { formatDayShort, formatIsoDate } from "../../app/i18n";
import { schema } from "../../app/utils/db.server";
import { findPetition } from "../../app/petitions/petition.server";
import { confirmSignature, signPetition } from "../../app/petitions/signing.server";
import { AppServer, projectRoot } from "../setup/app-server";
import { expectAccessible, expect, test } from "../setup/fixtures";
import { contextDefaults } from "../setup/browser";
import { linkIn, pathOf, petitionPath, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { createStaff, nextCode, signIn, useServerKeys } from "../setup/staff";

const run = promisify(execFile);

baseTest.describe("a fresh install", () => {
  let server: AppServer;
  baseTest.beforeAll(async () => {
    server = await new AppServer().start();
  });
  baseTest.afterAll(async () => {
    await server.stop();
  });

  baseTest("prints a one-time link that creates the first admin, who must set up two-factor authentication", async ({ page }) => {
    const link = server.log.match(/https?:\/\/\S+\/staff\/setup\/[A-Za-z0-9_-]+/)?.[0];
    baseExpect(link, "setup link printed at start").toBeTruthy();
    // No default password exists: the login page refuses anything until an account is created.
    await page.goto(`${server.url}/staff`);
    await baseExpect(page).toHaveURL(/\/staff\/login\?next=%2Fstaff$/);

    await page.goto(link!);
    await page.getByLabel("Your name").fill("First Admin");
    await page.getByLabel("Email address").fill("admin@staff.example.org");
    await page.getByLabel("Password").fill("password1234");
    await page.getByRole("button", { name: "Create my account" }).click();
    await baseExpect(page.locator("#password-error")).toContainText("too common");
    await page.getByLabel("Password").fill("quiet harbour lantern meadow 42");
    await page.getByRole("button", { name: "Create my account" }).click();

    await baseExpect(page.getByRole("heading", { level: 1 })).toHaveText("Set up two-factor authentication");
    await baseExpect(page.locator(".qr svg")).toBeVisible();
    const secret = (await page.locator(".totp-key").innerText()).replace(/\s+/g, "");
    // Trying to go elsewhere first leads back here.
    await page.goto(`${server.url}/staff/signatures`);
    await baseExpect(page.getByRole("heading", { level: 1 })).toHaveText("Set up two-factor authentication");
    await page.getByRole("textbox", { name: "Code" }).fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await baseExpect(page.getByRole("alert")).toContainText("not valid");
    await page.getByRole("textbox", { name: "Code" }).fill(totpCodeForTests(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await baseExpect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");

    // The link worked once.
    await page.goto(link!);
    await baseExpect(page.getByText("This link has expired or has already been used")).toBeVisible();

    // The command line makes further admin links.
    const { stdout } = await run("npx", ["tsx", "scripts/staff.ts", "create-admin", "second@staff.example.org"], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: server.dataDir, PUBLIC_URL: server.url, LOG_LEVEL: "silent" },
    });
    baseExpect(stdout).toMatch(new RegExp(`${server.url}/staff/setup/[A-Za-z0-9_-]{40,}`));
    const db = openServerDatabase(server);
    const actions = db.select().from(schema.auditLog).all().map((a) => a.action);
    db.$client.close();
    baseExpect(actions).toEqual(expect.arrayContaining(["staff.account_created", "staff.login", "staff.two_factor_enabled"]));
  });
});

test.describe("signing in", () => {
  test("needs the password and a fresh TOTP code, and gets a new session id", async ({ page, platform, context }) => {
    const admin = await createStaff(platform.server, ["admin"]);
    // A session id planted before login (fixation) is replaced, and never becomes valid.
    const planted = "A".repeat(43);
    await context.addCookies([{ name: "staff_session", value: Buffer.from(JSON.stringify(planted)).toString("base64"), url: platform.url }]);
    await page.goto("/staff/login");
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/staff\/login\/two-factor/);
    await page.getByRole("textbox", { name: "Code" }).fill("123456");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert")).toContainText("not valid");
    await page.getByRole("textbox", { name: "Code" }).fill(await nextCode(admin.totpSecret!));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    const cookie = (await context.cookies()).find((c) => c.name === "staff_session")!;
    expect(cookie.value).not.toContain(planted);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Strict");
    await expectAccessible(page);

    // Sign out: the same cookie no longer works.
    const stolen = cookie.value;
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/staff\/login/);
    await context.addCookies([{ name: "staff_session", value: stolen, url: platform.url }]);
    await page.goto("/staff");
    await expect(page).toHaveURL(/\/staff\/login/);
  });

  test("wrong passwords are throttled per account, with the same answer whether or not it exists", async ({ page, platform }) => {
    const staff = await createStaff(platform.server, ["viewer"], { twoFactor: false });
    await page.goto("/staff/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Email address").fill(staff.email);
      await page.getByLabel("Password").fill(`wrong password ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toHaveText("The email address or password is incorrect.");
    }
    await page.getByLabel("Email address").fill(staff.email);
    await page.getByLabel("Password").fill(staff.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Too many attempts");
    await page.getByLabel("Email address").fill("nobody@staff.example.org");
    await page.getByLabel("Password").fill("whatever it is");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The email address or password is incorrect.");
  });

  test("sessions end after 30 minutes idle and 12 hours in all", async ({ page, platform }) => {
    const staff = await createStaff(platform.server, ["viewer"], { twoFactor: false });
    await signIn(page, staff);
    await page.goto("/staff");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    const db = openServerDatabase(platform.server);
    const user = findStaffByEmail(db, staff.email)!;
    db.update(schema.staffSessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(schema.staffSessions.userId, user.id)).run();
    await page.goto("/staff");
    await expect(page).toHaveURL(/\/staff\/login/);
    await signIn(page, staff);
    db.update(schema.staffSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.staffSessions.userId, user.id)).run();
    db.$client.close();
    await page.goto("/staff");
    await expect(page).toHaveURL(/\/staff\/login/);
  });
});

test.describe("roles", () => {
  const pages = ["/staff", "/staff/signatures", "/staff/comments", "/staff/outbox", "/staff/exports", "/staff/users", "/staff/audit"];
  const allowed: Record<string, string[]> = {
    viewer: ["/staff"],
    exporter: ["/staff", "/staff/exports"],
    campaigner: ["/staff", "/staff/comments", "/staff/outbox"],
    admin: pages,
  };

  test("each role reaches exactly its pages; the others are 403", async ({ browser, platform }) => {
    for (const role of ["viewer", "exporter", "campaigner", "admin"] as const) {
      const staff = await createStaff(platform.server, [role], { twoFactor: role === "admin" || role === "exporter" });
      const context = await browser.newContext({ ...contextDefaults, baseURL: platform.url });
      const page = await context.newPage();
      await signIn(page, staff);
      for (const path of pages) {
        const response = await page.goto(path);
        expect(response!.status(), `${role} ${path}`).toBe(allowed[role]!.includes(path) ? 200 : 403);
      }
      await context.close();
    }
  });

  test("without a session, pages send to the login and actions are refused", async ({ request }) => {
    const page = await request.get("/staff/signatures", { maxRedirects: 0 });
    expect(page.status()).toBe(302);
    expect(page.headers()["location"]).toBe("/staff/login?next=%2Fstaff%2Fsignatures");
    const post = await request.post("/staff/signatures", { form: { intent: "invalidate-all", status: "confirmed", reason: "x" }, maxRedirects: 0 });
    expect(post.status()).toBe(401);
    const fa = await request.get("/fa/staff/exports", { maxRedirects: 0 });
    expect(fa.headers()["location"]).toBe("/fa/staff/login?next=%2Ffa%2Fstaff%2Fexports");
  });
});

test("an export matches the database exactly, Persian, commas, quotes, new lines and formulas included, and is audited", async ({ page, platform }) => {
  useServerKeys(platform.server);
  const db = openServerDatabase(platform.server);
  const tricky = [
    { fullName: "مریم کریمی", email: "maryam.export@example.org", country: "IR", comment: "" },
    { fullName: 'Reza "the teacher" Ahmadi, Jr.', email: "reza.export@example.org", country: "DE", comment: "line one\nline two" },
    { fullName: "=HYPERLINK(\"http://evil.example\")", email: "formula.export@example.org", country: "FR", comment: "+1 555" },
    { fullName: "@Sara -Rahimi", email: "sara.export@example.org", country: "SE", comment: "" },
  ];
  const found = findPetition(db, "1988-massacre-justice")!;
  for (const s of tricky) {
    signPetition(db, found, { ...s, showPublicly: false, wantsUpdates: true }, { locale: "en", ipHash: null, powVerified: false });
  }
  // Confirm them through their tokens, as the email links would.
  const tokens = db.select().from(schema.outbox).where(eq(schema.outbox.template, "signature-confirm")).orderBy(desc(schema.outbox.id)).limit(4).all();
  for (const row of tokens) {
    const token = decryptField("outbox.payload", row.payloadEnc!).match(/confirm\/([A-Za-z0-9_.-]+)/)![1]!;
    expect(confirmSignature(db, token).status).toBe("confirmed");
  }
  const exporter = await createStaff(platform.server, ["exporter"]);
  await signIn(page, exporter);
  await page.goto("/staff/exports");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exports");
  await page.getByLabel("Countries (ISO codes separated by spaces; empty for all)").fill("IR DE FR SE");
  await page.getByLabel("comment").check();
  await page.getByLabel("wants_updates").check();
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the export" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^signatures-1988-massacre-justice-\d{12}\.csv$/);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.subarray(3).toString("utf8"), { columns: true }) as Record<string, string>[];
  const expected = db
    .select()
    .from(schema.signatures)
    .all()
    .filter((s) => s.status === "confirmed" && ["IR", "DE", "FR", "SE"].includes(s.country))
    .sort((a, b) => a.id - b.id);
  expect(rows).toHaveLength(expected.length);
  const unformula = (v: string) => v.replace(/^'(?=[=+\-@\t\r])/, "");
  rows.forEach((row, i) => {
    const s = expected[i]!;
    expect(unformula(row.name!)).toBe(decryptField("signatures.name", s.nameEnc));
    expect(row.email).toBe(decryptField("signatures.email", s.emailEnc));
    expect(row.country).toBe(s.country);
    expect(row.confirmed_at).toBe(s.confirmedAt!.toISOString());
    expect(unformula(row.comment!)).toBe(s.commentEnc ? decryptField("signatures.comment", s.commentEnc) : "");
    expect(row.wants_updates).toBe(String(s.wantsUpdates));
  });
  const formulaRow = rows.find((r) => r.email === "formula.export@example.org")!;
  expect(formulaRow.name!.startsWith("'=")).toBe(true);
  expect(formulaRow.comment!.startsWith("'+")).toBe(true);
  expect(rows.find((r) => r.email === "sara.export@example.org")!.name).toBe("'@Sara -Rahimi");
  expect(rows.find((r) => r.email === "reza.export@example.org")!.comment).toBe("line one\nline two");

  // The delivery list for the UN: names and countries, no email address anywhere.
  const deliveryPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the delivery list (names and countries)" }).click();
  const delivery = fs.readFileSync(await (await deliveryPromise).path()).toString("utf8");
  expect(delivery.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("name,country");
  expect(delivery).toContain("مریم کریمی,Iran");
  expect(delivery).not.toMatch(/@example\.org/);

  const audits = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "exports.signatures")).all();
  expect(audits.at(-1)!.details).toMatchObject({ rows: expected.length, countries: ["IR", "DE", "FR", "SE"], format: "csv", bom: true });
  expect(JSON.stringify(audits.at(-1)!.details)).not.toContain("@example.org");
  // Other tests on this server export too: this exporter's delivery list is audited once.
  const deliveryAudits = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "exports.delivery-list")).all();
  expect(deliveryAudits.filter((a) => a.userId === audits.at(-1)!.userId)).toHaveLength(1);

  // Exports need a recent two-factor check: an old one sends the exporter to confirm again.
  db.update(schema.staffSessions).set({ twoFactorAt: new Date(Date.now() - 11 * 60_000) }).run();
  await page.goto("/staff/exports");
  await expect(page).toHaveURL(/\/staff\/two-factor\?next=%2Fstaff%2Fexports$/);
  await page.getByRole("textbox", { name: "Code" }).fill(await nextCode(exporter.totpSecret!));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exports");
  db.$client.close();
});

test("the dashboard counts a signature on the day it is made and the day it is confirmed, and drops it when withdrawn", async ({ page, platform, request }) => {
  // The test compares today's row before and after: it does not start in the last minute of a UTC day.
  const untilMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (untilMidnight < 60_000) await page.waitForTimeout(untilMidnight + 1_000);
  await signIn(page, await createStaff(platform.server, ["viewer"]));
  // What the dashboard shows: the confirmation rate's figures, and today's row of the daily table (the last).
  const figures = async () => {
    await page.goto("/staff");
    const rate = (await page.locator('section[aria-labelledby="d-rate"] .meter__value').textContent()) ?? "";
    const [, confirmed, submitted] = /\(([\d,]+) of ([\d,]+)\)/.exec(rate) ?? [];
    const today = page.locator('section[aria-labelledby="d-time"] .chart__table tbody tr').last();
    const cells = (await today.locator("td").allTextContents()).map((t) => Number(t.replace(/,/g, "")));
    return {
      confirmed: Number((confirmed ?? "0").replace(/,/g, "")),
      submitted: Number((submitted ?? "0").replace(/,/g, "")),
      day: (await today.locator("th").textContent())!,
      submittedToday: cells[0]!,
      confirmedToday: cells[1]!,
    };
  };
  const before = await figures();
  expect(before.day).toBe(formatIsoDate("en", new Date().toISOString().slice(0, 10)));

  const email = uniqueEmail("dashboard");
  const signed = await request.post(`${petitionPath}?index`, { form: { fullName: "Dana Counter", email, country: "CL" }, maxRedirects: 0 });
  expect(signed.status()).toBe(303);
  const [mail] = await platform.smtp.waitFor(email);
  const pending = await figures();
  expect(pending).toMatchObject({ submitted: before.submitted + 1, confirmed: before.confirmed, submittedToday: before.submittedToday + 1, confirmedToday: before.confirmedToday });

  expect((await request.post(pathOf(linkIn(mail!, "/signatures/confirm/")), { maxRedirects: 0 })).status()).toBe(303);
  const confirmed = await figures();
  expect(confirmed).toMatchObject({ submitted: before.submitted + 1, confirmed: before.confirmed + 1, submittedToday: before.submittedToday + 1, confirmedToday: before.confirmedToday + 1 });

  const [, thanks] = await platform.smtp.waitFor(email, { count: 2 });
  expect((await request.post(pathOf(linkIn(thanks!, "/signatures/withdraw/")), { maxRedirects: 0 })).status()).toBe(303);
  expect(await figures()).toEqual(before);

  // The same page in Persian (right to left, Solar Hijri days on the axis) passes axe as well.
  await page.goto("/fa/staff");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator('section[aria-labelledby="d-time"] .chart__x-labels text').last()).toHaveText(formatDayShort("fa", new Date().toISOString().slice(0, 10)));
  await expectAccessible(page);
});
