// Staff accounts for end-to-end tests, created in the test server's own database (with its own keys), and
// signing in through the real login page with TOTP codes computed here.
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import type { StaffRole } from "../../db/schema/staff";
import { acceptInvite, createInvite, newTotpSecret, totpCodeForTests } from "../../app/staff/auth.server";
import { encryptField } from "../../app/utils/crypto.server";
import { resetKeyringForTests } from "../../app/utils/keys.server";
import { schema } from "../../app/utils/db.server";
import type { AppServer } from "./app-server";
import { openServerDatabase } from "./server-db";

export interface TestStaff {
  email: string;
  password: string;
  roles: StaffRole[];
  totpSecret: string | null;
}

let counter = 0;

/** Uses the server's key file for anything encrypted (each test server has its own keys). */
export function useServerKeys(server: AppServer) {
  process.env.KEY_FILE = path.join(server.dataDir, "keys.json");
  resetKeyringForTests();
}

export async function createStaff(server: AppServer, roles: StaffRole[], { twoFactor = true }: { twoFactor?: boolean } = {}): Promise<TestStaff> {
  useServerKeys(server);
  counter += 1;
  const email = `${roles.join("-")}-${process.pid}-${counter}@staff.example.org`;
  const password = `Long test passphrase ${counter} lantern orchard`;
  const db = openServerDatabase(server);
  try {
    const token = createInvite(db, { roles, createdBy: null });
    const result = await acceptInvite(db, token, { name: `Test ${roles.join(" ")} ${counter}`, email, password });
    if (!result.ok) throw new Error(`could not create staff: ${result.error}`);
    let totpSecret: string | null = null;
    if (twoFactor) {
      totpSecret = newTotpSecret();
      db.update(schema.staffUsers)
        .set({ totpSecretEnc: encryptField("staff.totp", totpSecret), totpEnabledAt: new Date() })
        .where(eq(schema.staffUsers.id, result.user.id))
        .run();
    }
    return { email, password, roles, totpSecret };
  } finally {
    db.$client.close();
  }
}

const lastStep = new Map<string, number>();

/**
 * A code the server will accept: the current 30-second step, or the next one when the current step's code was
 * already used (the server refuses a code twice); waits when both are used.
 */
export async function nextCode(secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(current, (lastStep.get(secret) ?? -1) + 1);
    if (step <= current + 1) {
      lastStep.set(secret, step);
      return totpCodeForTests(secret, step * 30_000 + 1000);
    }
    await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 50));
  }
}

export async function signIn(page: Page, staff: TestStaff, { prefix = "" }: { prefix?: string } = {}) {
  await page.goto(`${prefix}/staff/login`);
  await page.locator("#email").fill(staff.email);
  await page.locator("#password").fill(staff.password);
  await page.locator('form button[type="submit"]').click();
  if (staff.totpSecret) {
    await expect(page).toHaveURL(/\/staff\/login\/two-factor/);
    await page.locator("#code").fill(await nextCode(staff.totpSecret));
    await page.locator('form button[type="submit"]').click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

/** The staff session cookie's name on a test server (plain http://, so not the __Host- name used behind HTTPS). */
export const staffCookieName = "staff_session";

/** The cookie value for a session id, as the server writes it (Remix cookies without secrets: base64 of JSON). */
export function staffCookieFor(sessionId: string): string {
  return Buffer.from(JSON.stringify(sessionId)).toString("base64");
}

/** The staff cookie a request context holds, or null. */
export async function staffCookieValue(request: APIRequestContext): Promise<string | null> {
  return (await request.storageState()).cookies.find((c) => c.name === staffCookieName)?.value ?? null;
}

/**
 * Signs in through the real login form (password, then the TOTP code when the account has one) with an API
 * request context, which keeps the session cookie. For tests that make many requests without a browser.
 */
export async function signInRequest(request: APIRequestContext, staff: TestStaff, { prefix = "" }: { prefix?: string } = {}) {
  const login = await request.post(`${prefix}/staff/login`, { form: { email: staff.email, password: staff.password, next: "" }, maxRedirects: 0 });
  expect(login.status(), `sign-in of ${staff.email}`).toBe(303);
  if (staff.totpSecret) {
    expect(login.headers()["location"]).toMatch(/\/staff\/login\/two-factor/);
    const second = await request.post(`${prefix}/staff/login/two-factor`, { form: { code: await nextCode(staff.totpSecret), next: "" }, maxRedirects: 0 });
    expect(second.status(), `two-factor step of ${staff.email}`).toBe(303);
  }
}
