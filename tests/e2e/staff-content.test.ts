// Staff editing campaign content and petitions: plain forms, one content language at a time, Markdown previewed
// on the server, changes on the public pages at once, and no silent overwrite when two people edit the same block.
// Edits here append to the seeded text rather than replace it, so that other tests on this worker's server still
// find what they look for.
import { expect, expectAccessible, test } from "../setup/fixtures";
import { contextDefaults } from "../setup/browser";
import { createStaff, signIn } from "../setup/staff";

const campaignPath = "/staff/campaigns/1988-massacre";

test.describe("staff content editing", () => {
  // The campaign's edit page is long (one form per block): checking it with axe takes a while on a busy machine.
  test.describe.configure({ timeout: 180_000 });

  test("a campaigner edits the English summary and a Persian heading, previews Markdown, and readers see the changes", async ({ page, platform }) => {
    const staff = await createStaff(platform.server, ["campaigner"]);
    await signIn(page, staff);

    // Readers have the pages in the cache before the edit.
    await page.goto("/");
    await page.goto("/fa");

    await page.goto("/staff/campaigns");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Campaigns");
    const row = page.getByRole("row", { name: /1988-massacre/ }).first();
    await expect(row.locator('td[lang="fa"]')).toHaveAttribute("dir", "rtl");
    await expect(row.getByRole("link", { name: "1988-massacre-justice (open)" })).toHaveAttribute("href", "/staff/petitions/1988-massacre-justice");
    await expectAccessible(page);
    await row.getByRole("link", { name: /Edit the English text/ }).click();
    await expect(page).toHaveURL(/\/staff\/campaigns\/1988-massacre\?content=en$/);

    // English summary.
    const text = page.locator("#campaign");
    const summary = text.getByLabel("Summary");
    await expect(summary).toHaveAttribute("lang", "en");
    await expect(summary).toHaveAttribute("dir", "ltr");
    const marker = `Updated by staff ${Date.now()}.`;
    await summary.fill(`${await summary.inputValue()} ${marker}`);
    await text.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/[?&]saved=campaign#campaign$/);
    await expect(page.locator("#campaign .notice--success")).toHaveText("Saved. The public page shows the change now.");
    await expect(page.locator("#campaign").getByLabel("Summary")).toHaveValue(new RegExp(marker.replace(".", "\\.")));

    // Persian heading and body, in the English interface: the content language is switched, not the interface.
    await page.getByRole("link", { name: "Persian", exact: true }).click();
    await expect(page).toHaveURL(/\?content=fa$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    const background = page.locator("#section-background");
    const heading = background.getByLabel("Heading");
    await expect(heading).toHaveAttribute("lang", "fa");
    await expect(heading).toHaveAttribute("dir", "rtl");
    const newHeading = `${await heading.inputValue()} (ویرایش‌شده)`;
    await heading.fill(newHeading);
    const body = background.getByLabel("Text (Markdown)");
    const newBody = `${await body.inputValue()}\n\nبندی **پررنگ** و <b>نه HTML</b>.`;
    await body.fill(newBody);

    // Preview: rendered on the server, nothing saved, the text kept in the form.
    await background.getByRole("button", { name: "Preview" }).click();
    const preview = page.locator("#section-background .prose");
    await expect(preview).toHaveAttribute("lang", "fa");
    await expect(preview).toHaveAttribute("dir", "rtl");
    await expect(preview.locator("strong").last()).toHaveText("پررنگ");
    await expect(preview).toContainText("<b>نه HTML</b>");
    await expect(preview.locator("b")).toHaveCount(0);
    await expect(page.locator("#section-background").getByLabel("Heading")).toHaveValue(newHeading);
    await expect(page.locator("#section-background").getByLabel("Text (Markdown)")).toHaveValue(newBody);
    await expectAccessible(page);

    await page.locator("#section-background").getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/[?&]saved=section-background#section-background$/);
    await expect(page.locator("#section-background .notice--success")).toBeVisible();
    await expect(page.locator("#section-background").getByLabel("Heading")).toHaveValue(newHeading);

    // Readers see both changes (the page cache was purged).
    await page.goto("/");
    await expect(page.locator(".campaign-hero__summary")).toContainText(marker);
    await page.goto("/fa");
    await expect(page.locator("#background-heading")).toHaveText(newHeading);
    await expect(page.locator("section#background strong").last()).toHaveText("پررنگ");
  });

  test("English content in the Persian interface is marked left to right, and validation errors are in Persian", async ({ page, platform }) => {
    const staff = await createStaff(platform.server, ["campaigner"]);
    await signIn(page, staff);
    await page.goto(`/fa${campaignPath}?content=en`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const block = page.locator("#section-recording");
    const heading = block.getByLabel("عنوان بخش");
    await expect(heading).toHaveAttribute("lang", "en");
    await expect(heading).toHaveAttribute("dir", "ltr");
    const body = block.getByLabel("متن (مارک‌داون)");
    const kept = `${await body.inputValue()}\n\nKept after an error.`;
    await heading.fill("");
    await body.fill(kept);
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await block.getByRole("button", { name: "ذخیره" }).click();
    expect((await response).status()).toBe(400);
    const after = page.locator("#section-recording");
    await expect(after.locator(".field__error")).toHaveText("پر کردن این خانه لازم است.");
    await expect(after.getByLabel("عنوان بخش")).toHaveAttribute("aria-invalid", "true");
    await expect(after.getByLabel("متن (مارک‌داون)")).toHaveValue(kept);
    await expectAccessible(page);
  });

  test("two people editing the same section: the second save is refused with both texts shown", async ({ page, platform, browser }) => {
    const first = await createStaff(platform.server, ["campaigner"]);
    const second = await createStaff(platform.server, ["campaigner"]);
    await signIn(page, first);
    const otherContext = await browser.newContext({ ...contextDefaults, baseURL: platform.url });
    try {
      const other = await otherContext.newPage();
      await signIn(other, second);

      await page.goto(`${campaignPath}?content=en`);
      await other.goto(`${campaignPath}?content=en`);
      const original = await page.locator("#section-remarks-bodyMd").inputValue();

      const firstText = `${original}\n\nFirst editor’s addition.`;
      await page.locator("#section-remarks-bodyMd").fill(firstText);
      await page.locator("#section-remarks").getByRole("button", { name: "Save" }).click();
      await expect(page.locator("#section-remarks .notice--success")).toBeVisible();

      const secondText = `${original}\n\nSecond editor’s addition.`;
      await other.locator("#section-remarks-bodyMd").fill(secondText);
      const response = other.waitForResponse((r) => r.request().method() === "POST");
      await other.locator("#section-remarks").getByRole("button", { name: "Save" }).click();
      expect((await response).status()).toBe(409);

      const block = other.locator("#section-remarks");
      await expect(block.getByRole("alert")).toContainText("Someone else saved this while you were editing it");
      await expect(other.locator("#section-remarks-bodyMd")).toHaveValue(secondText);
      await expect(other.locator("#section-remarks-bodyMd-current")).toHaveValue(firstText);
      await expect(block.getByRole("heading", { name: "Saved now (version 2)" })).toBeVisible();
      await expectAccessible(other);

      // After merging, the second person's save goes through.
      const merged = `${original}\n\nFirst editor’s addition.\n\nSecond editor’s addition.`;
      await other.locator("#section-remarks-bodyMd").fill(merged);
      await block.getByRole("button", { name: "Save" }).click();
      await expect(other.locator("#section-remarks .notice--success")).toBeVisible();
      await expect(other.locator("#section-remarks-bodyMd")).toHaveValue(merged);
    } finally {
      await otherContext.close();
    }
  });

  test("the petition page previews its text and keeps invalid settings in the form", async ({ page, platform }) => {
    const staff = await createStaff(platform.server, ["campaigner"]);
    await signIn(page, staff);
    await page.goto("/staff/petitions/1988-massacre-justice?content=fa");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Petition: 1988-massacre-justice");
    const text = page.locator("#petition-text");
    await expect(text.getByLabel("Title")).toHaveAttribute("lang", "fa");
    await text.getByLabel("Text (Markdown)").fill("ما *خواستار* عدالتیم.");
    await text.getByRole("button", { name: "Preview" }).click();
    await expect(page.locator("#petition-text .prose em")).toHaveText("خواستار");
    await expectAccessible(page);

    const settings = page.locator("#petition-settings");
    await settings.getByLabel("Signature goal").fill("0");
    await settings.getByLabel("Opens at (optional)").fill("2030-01-02T10:00");
    await settings.getByLabel("Closes at (optional)").fill("2030-01-01T10:00");
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await settings.getByRole("button", { name: "Save" }).click();
    expect((await response).status()).toBe(400);
    const after = page.locator("#petition-settings");
    await expect(after.getByLabel("Signature goal")).toHaveValue("0");
    await expect(after.locator(".field__error").first()).toHaveText("Enter a whole number from 1 to 100,000,000.");
    await expect(after.getByText("The closing time must be after the opening time.")).toBeVisible();
    await expect(after.getByLabel("Opens at (optional)")).toHaveValue("2030-01-02T10:00");
    await expectAccessible(page);
  });

  test("a viewer is refused these pages", async ({ page, platform }) => {
    const viewer = await createStaff(platform.server, ["viewer"], { twoFactor: false });
    await signIn(page, viewer);
    for (const path of ["/staff/campaigns", `${campaignPath}?content=fa`, "/staff/petitions/1988-massacre-justice", "/fa/staff/campaigns"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(path.startsWith("/fa") ? "اجازه ندارید" : "Not allowed");
    }
    const post = await page.request.post(`${campaignPath}?content=en`, { form: { block: "campaign", id: "0", anchor: "campaign", version: "1", title: "x", summary: "y" } });
    expect(post.status()).toBe(403);
    await expectAccessible(page);
  });
});
