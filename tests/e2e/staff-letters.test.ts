// Staff pages for letters and recipients: importing a recipients file (preview, problems by row, apply),
// pausing a recipient, editing a template, target groups, and who may see these pages.
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { expect, expectAccessible, test } from "../setup/fixtures";
import { projectRoot } from "../setup/app-server";
import { openServerDatabase } from "../setup/server-db";
import { createStaff, signIn } from "../setup/staff";
import type { AppServer } from "../setup/app-server";
import { schema } from "../../app/utils/db.server";

const lettersPath = "/campaigns/1988-massacre/letters";

function recipientId(server: AppServer, kind: "mission_ny" | "mission_geneva", country: string): number {
  const db = openServerDatabase(server);
  try {
    return db
      .select({ id: schema.recipients.id })
      .from(schema.recipients)
      .where(and(eq(schema.recipients.kind, kind), eq(schema.recipients.country, country)))
      .get()!.id;
  } finally {
    db.$client.close();
  }
}

// The pages work as plain forms: these journeys run with JavaScript off (axe needs it, so the accessibility
// checks are in the test further down).
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a campaigner imports a file: problems by row, rows to add, then the valid rows only", async ({ page, platform }) => {
    await signIn(page, await createStaff(platform.server, ["campaigner"]));
    await page.goto("/staff/recipients");
    await page.getByRole("link", { name: "Import a file" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import recipients");

    await page.getByLabel("File", { exact: true }).setInputFiles(path.join(projectRoot, "tests/fixtures/recipients-mixed.csv"));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Preview of recipients-mixed.csv" })).toBeVisible();

    const problems = page.getByRole("table", { name: /Problems, by row/ });
    const problemRow = (text: string) => problems.getByRole("row").filter({ hasText: text });
    await expect(problemRow("not-an-email").getByRole("rowheader")).toHaveText("7");
    await expect(problemRow("not-an-email")).toContainText("The email address is not valid.");
    await expect(problemRow("Atlantis").getByRole("rowheader")).toHaveText("8");
    await expect(problemRow("Holy See").getByRole("rowheader")).toHaveText("10");
    await expect(problemRow("ftp://example.org/ke").getByRole("rowheader")).toHaveText("14");
    await expect(problemRow("Row 2 already gives").getByRole("rowheader")).toHaveText("12");
    const toAdd = page.getByRole("table", { name: "Recipients to add" });
    await expect(toAdd.getByRole("row").filter({ hasText: "sr-example" }).getByRole("rowheader")).toHaveText("6");
    await expect(toAdd).toContainText("FIXTURE Special Rapporteur (example)");
    const toChange = page.getByRole("table", { name: "Recipients to change" });
    await expect(toChange.getByRole("row").filter({ hasText: "Iran" })).toContainText("demo-ny-ir@example.org → mission-ir.fixture@example.org");

    // Without "valid rows only" nothing is written, and the preview stays.
    await page.getByRole("button", { name: /^Apply:/ }).click();
    await expect(page.getByRole("alert")).toContainText("The file has problems, so nothing was written.");
    await page.getByLabel(/Apply the valid rows only/).check();
    await page.getByRole("button", { name: /^Apply:/ }).click();
    await expect(page).toHaveURL(/\/staff\/recipients\/import\?added=1&changed=/);
    await expect(page.getByRole("status").filter({ hasText: "The import is applied" })).toContainText("recipients added: 1");

    await page.goto("/staff/recipients");
    await page.getByLabel("Name, email or key contains").fill("sr-example");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page).toHaveURL(/q=sr-example/);
    const row = page.getByRole("row").filter({ hasText: "FIXTURE Special Rapporteur (example)" });
    await expect(row).toContainText("sr.fixture@example.net");
    await expect(row).toContainText("CSV import");
    await expect(row).toContainText("unverified");
  });

  test("blocking a mission pauses it on the public letter page", async ({ page, platform }) => {
    await signIn(page, await createStaff(platform.server, ["campaigner"]));
    await page.goto("/staff/recipients");
    await page.getByLabel("Kind").selectOption("mission_ny");
    await page.getByLabel("State").selectOption({ label: "Chile" });
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page.getByText("Recipients found: 1")).toBeVisible();

    const row = page.getByRole("row").filter({ hasText: "demo-ny-cl@example.org" });
    await row.getByLabel(/New status for/).selectOption("blocked");
    await row.getByLabel(/Reason for the change/).fill("test: stopped by staff");
    await row.getByRole("button", { name: /^Save/ }).click();
    await expect(page).toHaveURL(/kind=mission_ny&country=CL&saved=status/);
    await expect(page.getByText("The status is saved.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "demo-ny-cl@example.org" })).toContainText("blocked (paused)");
    await expect(page.getByRole("row").filter({ hasText: "demo-ny-cl@example.org" })).toContainText("test: stopped by staff");

    await page.goto(`${lettersPath}?residence=CL&lang=en`);
    const recipients = page.locator("ul.recipients > li");
    await expect(recipients).toHaveCount(2);
    await expect(recipients.filter({ hasText: "(New York)" })).toContainText("delivery paused");
    await expect(recipients.filter({ hasText: "(Geneva)" })).not.toContainText("delivery paused");
  });

  test("target groups and a new recipient: errors keep the values, then saved", async ({ page, platform }) => {
    await signIn(page, await createStaff(platform.server, ["campaigner"]));
    const key = `e2e-group-${process.pid}`;
    await page.goto("/staff/recipients/groups");
    await page.getByLabel("Key").fill(key);
    await page.getByLabel("Name in English").fill("E2E group");
    await page.getByLabel("Iceland", { exact: true }).check();
    await page.getByLabel("More member states (optional)").fill("NO SE\nAtlantis");
    await page.getByRole("button", { name: "Create the group" }).click();
    await expect(page.locator(".field__error").filter({ hasText: "“Atlantis” is not a country the platform knows." })).toBeVisible();
    await expect(page.getByLabel("Name in Persian")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Key")).toHaveValue(key);
    await expect(page.getByLabel("Iceland", { exact: true })).toBeChecked();
    await page.getByLabel("Name in Persian").fill("گروه آزمایشی");
    await page.getByLabel("More member states (optional)").fill("NO SE");
    await page.getByRole("button", { name: "Create the group" }).click();
    await expect(page.getByText(`The target group ${key} is saved.`)).toBeVisible();
    const groupRow = page.getByRole("row").filter({ hasText: key });
    await expect(groupRow).toContainText("Member states: 3");
    await groupRow.getByRole("link", { name: /Edit/ }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Edit the target group ${key}` })).toBeVisible();
    await expect(page.getByLabel("Sweden", { exact: true })).toBeChecked();

    await page.goto("/staff/recipients/new");
    await page.getByLabel("Key").fill(`sr-e2e-${process.pid}`);
    await page.getByLabel("Name in English").fill("E2E Special Rapporteur");
    await page.getByLabel("Email address").fill("not an email");
    await page.getByLabel("Website (optional)").fill("ftp://example.org");
    await page.getByRole("button", { name: "Add the recipient" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByText("Enter a website address starting with http:// or https://.")).toBeVisible();
    await expect(page.getByLabel("Name in English")).toHaveValue("E2E Special Rapporteur");
    await page.getByLabel("Email address").fill("sr-e2e@example.net");
    await page.getByLabel("Website (optional)").fill("https://example.org/sr");
    await page.getByRole("button", { name: "Add the recipient" }).click();
    await expect(page).toHaveURL(/\/staff\/recipients\/\d+\?saved=created$/);
    await expect(page.getByText("The recipient is added.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recipient: E2E Special Rapporteur");
  });
});

test("the main pages are accessible, in English and in Persian (right to left)", async ({ page, platform }) => {
  test.setTimeout(240_000);
  await signIn(page, await createStaff(platform.server, ["campaigner"]));
  const id = recipientId(platform.server, "mission_ny", "FR");
  for (const p of ["/staff/letters", "/staff/letters/1988-massacre", "/staff/recipients", `/staff/recipients/${id}`, "/staff/recipients/groups"]) {
    await page.goto(p);
    await expectAccessible(page);
  }

  // Pages as they are after a submission: errors, a preview.
  await page.goto("/staff/recipients/new");
  await page.getByRole("button", { name: "Add the recipient" }).click();
  await expect(page.getByText("Nothing was saved. Please correct the fields marked below.")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/staff/recipients/import");
  await expectAccessible(page);
  await page.getByLabel("File", { exact: true }).setInputFiles(path.join(projectRoot, "tests/fixtures/recipients-mixed.csv"));
  await page.getByRole("button", { name: "Preview the import" }).click();
  await expect(page.getByRole("table", { name: /Problems, by row/ })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/staff/letters/1988-massacre");
  await page.locator("#template-fa").getByRole("button", { name: "Preview the letter in Persian" }).click();
  await expect(page.locator("#template-fa figure")).toContainText("نروژ");
  await expectAccessible(page);

  for (const [p, heading] of [
    ["/fa/staff/letters", "نامه‌ها"],
    ["/fa/staff/letters/1988-massacre", null],
    ["/fa/staff/recipients", "گیرندگان"],
    ["/fa/staff/recipients/import", "وارد کردن گیرندگان"],
  ] as const) {
    await page.goto(p);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    if (heading) await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  }
});

test("editing the English subject: preview, save, and the public letter page shows it", async ({ page, platform }) => {
  await signIn(page, await createStaff(platform.server, ["campaigner"]));
  await page.goto("/staff/letters");
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Edit/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Letter: /);
  await expectAccessible(page);

  const english = page.locator("#template-en");
  const subject = english.getByLabel("Subject");
  const original = await subject.inputValue();
  try {
    await subject.fill("Staff test subject for {{state}} {{stat}}");
    await english.getByRole("button", { name: "Preview the letter in English" }).click();
    await expect(english.locator("figure")).toContainText("Staff test subject for Norway {{stat}}");
    await expect(english.getByRole("status").filter({ hasText: "do not exist" })).toContainText("{{stat}}");
    await subject.fill("Staff test subject for {{state}}");
    await english.getByRole("button", { name: "Save the letter in English" }).click();
    await expect(page).toHaveURL(/\?saved=template-en$/);
    await expect(page.getByText("The letter in English is saved.")).toBeVisible();
    await expect(page.locator("#template-en").getByLabel("Subject")).toHaveValue("Staff test subject for {{state}}");

    await page.goto(`${lettersPath}?residence=AR&lang=en`);
    await expect(page.locator(".letters__subject")).toContainText("Staff test subject for Argentina");
  } finally {
    // The other tests of this server read the seeded subject.
    const db = openServerDatabase(platform.server);
    db.update(schema.letterTemplates).set({ subject: original }).where(eq(schema.letterTemplates.locale, "en")).run();
    db.$client.close();
  }
});

test("another editor's save is not overwritten: 409, the values kept", async ({ page, platform }) => {
  await signIn(page, await createStaff(platform.server, ["campaigner"]));
  const id = recipientId(platform.server, "mission_geneva", "UY");
  await page.goto(`/staff/recipients/${id}`);
  await expectAccessible(page);
  // Someone else saves first.
  const db = openServerDatabase(platform.server);
  db.update(schema.recipients)
    .set({ phone: "+41 22 000 00 00", version: 99 })
    .where(eq(schema.recipients.id, id))
    .run();
  db.$client.close();
  await page.getByLabel("Phone (optional)").fill("+41 22 111 11 11");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/staff/recipients/${id}`)),
    page.getByRole("button", { name: "Save the recipient" }).click(),
  ]);
  expect(response.status()).toBe(409);
  await expect(page.getByRole("alert").first()).toContainText("Someone else saved this while you were editing.");
  await expect(page.getByLabel("Phone (optional)")).toHaveValue("+41 22 111 11 11");
  // Saving again (now over version 99) works.
  await page.getByRole("button", { name: "Save the recipient" }).click();
  await expect(page.getByText("The recipient is saved.")).toBeVisible();
  await expect(page.getByLabel("Phone (optional)")).toHaveValue("+41 22 111 11 11");
});

test("a staff member without these permissions gets 403", async ({ page, platform }) => {
  await signIn(page, await createStaff(platform.server, ["exporter"]));
  const id = recipientId(platform.server, "mission_ny", "NO");
  for (const p of [
    "/staff/letters",
    "/staff/letters/1988-massacre",
    "/staff/recipients",
    `/staff/recipients/${id}`,
    "/staff/recipients/new",
    "/staff/recipients/import",
    "/staff/recipients/groups",
    "/fa/staff/recipients",
  ]) {
    const response = await page.goto(p);
    expect(response!.status(), p).toBe(403);
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("اجازه ندارید");
  const post = await page.request.post("/staff/recipients?index", { form: { intent: "status", id: String(id), newStatus: "blocked", reason: "" }, maxRedirects: 0 });
  expect(post.status()).toBe(403);
  const db = openServerDatabase(platform.server);
  expect(db.select().from(schema.recipients).where(eq(schema.recipients.id, id)).get()!.status).not.toBe("blocked");
  db.$client.close();
});
