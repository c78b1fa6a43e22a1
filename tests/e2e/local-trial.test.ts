// A newcomer's first run: no SMTP server, so messages go to the local mailbox page, whose links work.
import { expect, test } from "@playwright/test";
import { AppServer } from "../setup/app-server";
import { petitionPath, signPetition } from "../setup/journeys";

test.describe("local trial without an email server", () => {
  let server: AppServer;
  test.beforeAll(async () => {
    server = await new AppServer().start();
  });
  test.afterAll(async () => {
    await server.stop();
  });

  test("the confirmation email can be opened on /mailbox and its link confirms the signature", async ({ page }) => {
    await page.goto(server.url + petitionPath);
    await signPetition(page, { fullName: "Newcomer Trial", email: "newcomer@example.org", country: "Japan" });
    await expect(page).toHaveURL(/check-email$/);
    await page.getByRole("link", { name: "Local mailbox" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Local mailbox");
    await page.getByRole("link", { name: "Please confirm your signature" }).click();
    await expect(page.locator(".mailbox__headers")).toContainText("newcomer@example.org");
    await page.getByRole("link", { name: /\/signatures\/confirm\// }).click();
    await page.getByRole("button", { name: "Confirm my signature" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you: your signature is confirmed");
    await page.goto(server.url + "/mailbox");
    await expect(page.getByRole("link", { name: "Your signature is confirmed" })).toBeVisible();
  });
});
