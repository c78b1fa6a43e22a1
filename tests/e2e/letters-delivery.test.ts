// Letters at scale and from staff data: the per-recipient cap spreads delivery over time, and the importer
// (the command staff run) brings real mission data in, with a preview and errors by row.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { expect, test } from "@playwright/test";
import { AppServer, projectRoot } from "../setup/app-server";
import { linkIn, pathOf, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { SmtpCapture } from "../setup/smtp";
import { schema } from "../../app/utils/db.server";

const run = promisify(execFile);
const lettersPath = "/campaigns/1988-massacre/letters";

test.describe("delivery to missions", () => {
  const smtp = new SmtpCapture();
  let server: AppServer;
  test.beforeAll(async () => {
    await smtp.start();
    server = await new AppServer({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "campaign@platform.test", LETTERS_PER_RECIPIENT_PER_HOUR: "2", RATE_LIMIT_BURST: "1000/60" },
    }).start();
  });
  test.afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  test("no mission receives more than the per-recipient cap in an hour; the rest wait their turn", async ({ request }) => {
    for (let i = 0; i < 3; i++) {
      const email = uniqueEmail(`cap${i}`);
      const post = await request.post(`${server.url}${lettersPath}?index`, {
        form: { residence: "MT", state: "MT", lang: "en", name: `Writer ${i}`, email, appear: "withheld", delivery: "platform" },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(303);
      const [confirmation] = await smtp.waitFor(email);
      const confirm = await request.post(server.url + pathOf(linkIn(confirmation!, "/letters/confirm/")), { maxRedirects: 0 });
      expect(confirm.status()).toBe(303);
    }
    await smtp.waitFor("demo-ny-mt@example.org", { count: 2 });
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.to("demo-ny-mt@example.org")).toHaveLength(2);
    expect(smtp.to("demo-geneva-mt@example.org")).toHaveLength(2);
    const db = openServerDatabase(server);
    const statuses = db.select({ status: schema.letters.status }).from(schema.letters).where(eq(schema.letters.state, "MT")).all();
    expect(statuses.filter((s) => s.status === "sent")).toHaveLength(4);
    expect(statuses.filter((s) => s.status === "queued")).toHaveLength(2);
    db.$client.close();
  });

  test("the importer previews a file with good and bad rows, reports errors by row, and applies only when asked", async ({ request }) => {
    const env = { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: "silent" };
    const command = ["tsx", "scripts/targets-import.ts", "tests/fixtures/recipients-mixed.csv"];
    const preview = await run("npx", command, { cwd: projectRoot, env }).catch((e: { stdout: string }) => e);
    expect(preview.stdout).toContain(`row 7, email: "not-an-email" is not a valid email address.`);
    expect(preview.stdout).toContain(`row 10, country: "Holy See" (VA) is not a UN member state`);
    expect(preview.stdout).toMatch(/nothing (was )?written/i);
    let page = await (await request.get(`${server.url}${lettersPath}?residence=IR&lang=en`)).text();
    expect(page).toContain("DEMO: Permanent Mission of Iran (New York)");

    const refused = await run("npx", [...command, "--apply"], { cwd: projectRoot, env }).catch((e: { code: number; stdout: string }) => e);
    expect((refused as { code?: number }).code).toBe(1);

    const applied = await run("npx", [...command, "--apply", "--skip-invalid"], { cwd: projectRoot, env });
    expect(applied.stdout).toMatch(/added|changed/i);
    page = await (await request.get(`${server.url}${lettersPath}?residence=IR&lang=en`)).text();
    expect(page).toContain("Permanent Mission of the Islamic Republic of Iran to the United Nations");
    expect(page).not.toContain("DEMO: Permanent Mission of Iran (New York)");
  });
});
