// Staff accounts and sessions: argon2id passwords checked against common passwords, TOTP two-factor
// authentication, login throttling per account and per address, server-side sessions (30 minutes idle, 12
// hours absolute, a new id at every login), one-time invitations, and the audit log.
import crypto from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import argon2 from "argon2";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { StaffRole } from "../../db/schema/staff";
import { decryptField, encryptField, lookupHash, newToken, tokenHash } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { env } from "../utils/env.server";
import { requiresTwoFactor } from "./permissions";

export const idleMinutes = 30;
export const absoluteHours = 12;
/** Exports need a two-factor code given within this many minutes. */
export const recentTwoFactorMinutes = 10;
export const passwordMinLength = 12;
const lockAfterFailures = 5;

const strength = new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });

export type StaffUser = typeof schema.staffUsers.$inferSelect;
export type StaffSession = typeof schema.staffSessions.$inferSelect;
type Tx = Pick<Db, "insert" | "update" | "select" | "delete">;

// ---- passwords -------------------------------------------------------------------------------------------

export type PasswordProblem = "tooShort" | "tooLong" | "common";

/** At least 12 characters, and not a common or easily guessed password (zxcvbn with a common-password list). */
export function checkPassword(password: string, context: string[] = []): PasswordProblem | null {
  if (password.length < passwordMinLength) return "tooShort";
  if (password.length > 200) return "tooLong";
  const result = strength.check(password, context);
  return result.score < 3 ? "common" : null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// A hash to verify against when the account does not exist, so that both cases take the same time.
let dummyHash: Promise<string> | null = null;
function timingDummy() {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}

// ---- two-factor (TOTP, RFC 6238) -------------------------------------------------------------------------

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "staff") {
  return new TOTP({ issuer: "Campaigns for accountability", label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The enrolment QR code, drawn on our own server as SVG (nothing is sent anywhere). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
}

/** The time step a code matches (±1 step for clock drift), or null. */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secret).validate({ token: clean, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

/** For tests (and nothing else): the code of the current step. */
export function totpCodeForTests(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

/** Verifies a user's code and refuses a code that was already used (replay). */
export function verifyUserTotp(db: Db, user: StaffUser, code: string, now = new Date()): boolean {
  if (!user.totpSecretEnc) return false;
  const step = totpStep(decryptField("staff.totp", user.totpSecretEnc), code, now.getTime());
  if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) return false;
  db.update(schema.staffUsers).set({ totpLastStep: step }).where(eq(schema.staffUsers.id, user.id)).run();
  return true;
}

// ---- throttling ------------------------------------------------------------------------------------------

let addressLimiter: RateLimiterMemory | null = null;
function loginAddressLimiter() {
  addressLimiter ??= new RateLimiterMemory({ keyPrefix: "staff-login", points: env().isLocal ? 30 : 10, duration: 15 * 60 });
  return addressLimiter;
}

export function resetLoginThrottleForTests() {
  addressLimiter = null;
}

/**
 * Counts a failed sign-in step (a wrong password, or a wrong two-factor code) against the account: five lock
 * it for 1, 2, 4 … up to 60 minutes. The count is incremented in SQL, so that concurrent guesses cannot all
 * read the same old count. Returns whether the account is now locked.
 */
function countFailure(db: Tx, userId: number, now: Date): { failures: number; locked: boolean } {
  const { failures } = db
    .update(schema.staffUsers)
    .set({ failedLogins: sql`${schema.staffUsers.failedLogins} + 1` })
    .where(eq(schema.staffUsers.id, userId))
    .returning({ failures: schema.staffUsers.failedLogins })
    .get()!;
  if (failures < lockAfterFailures) return { failures, locked: false };
  const lockedUntil = new Date(now.getTime() + Math.min(60, 2 ** (failures - lockAfterFailures)) * 60_000);
  db.update(schema.staffUsers).set({ lockedUntil }).where(eq(schema.staffUsers.id, userId)).run();
  return { failures, locked: true };
}

/** Until when the account is locked, read now (null when it is not). */
function lockedUntil(db: Pick<Db, "select">, userId: number, now: Date): Date | null {
  const row = db.select({ lockedUntil: schema.staffUsers.lockedUntil }).from(schema.staffUsers).where(eq(schema.staffUsers.id, userId)).get();
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

// ---- audit -----------------------------------------------------------------------------------------------

export function audit(db: Tx, entry: { userId: number | null; action: string; target?: string | null; details?: Record<string, unknown>; ipHash?: string | null; now?: Date }) {
  db.insert(schema.auditLog)
    .values({
      at: entry.now ?? new Date(),
      userId: entry.userId,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details ?? null,
      ipHash: entry.ipHash ?? null,
    })
    .run();
}

// ---- users -----------------------------------------------------------------------------------------------

export function staffEmailHash(email: string) {
  return lookupHash("email", `staff:${email.trim().toLowerCase()}`);
}

export function findStaffByEmail(db: Db, email: string): StaffUser | null {
  return db.select().from(schema.staffUsers).where(eq(schema.staffUsers.emailHash, staffEmailHash(email))).get() ?? null;
}

export function staffEmail(user: StaffUser): string {
  return decryptField("staff.email", user.emailEnc);
}

export function countStaff(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(schema.staffUsers).get()!.n;
}

// ---- invitations -----------------------------------------------------------------------------------------

export const inviteValidHours = 24;

export function createInvite(db: Db, { roles, email, createdBy, now = new Date() }: { roles: StaffRole[]; email?: string | null; createdBy: number | null; now?: Date }): string {
  const { token, hash } = newToken(32);
  db.insert(schema.staffInvites)
    .values({
      tokenHash: hash,
      roles,
      emailHash: email ? staffEmailHash(email) : null,
      createdBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + inviteValidHours * 3600_000),
    })
    .run();
  return token;
}

export function findInvite(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{40,100}$/.test(token)) return null;
  const invite = db.select().from(schema.staffInvites).where(eq(schema.staffInvites.tokenHash, tokenHash(token))).get();
  if (!invite || invite.usedAt || invite.expiresAt <= now) return null;
  return invite;
}

/** On a fresh install (no staff, no open invitation), a one-time link to create the first admin. */
export function firstAdminLink(db: Db, now = new Date()): string | null {
  if (countStaff(db) > 0) return null;
  db.delete(schema.staffInvites).where(lt(schema.staffInvites.expiresAt, now)).run();
  // Only the newest first-admin link works: earlier ones (from earlier starts) are withdrawn.
  db.delete(schema.staffInvites)
    .where(and(isNull(schema.staffInvites.createdBy), isNull(schema.staffInvites.emailHash), isNull(schema.staffInvites.usedAt)))
    .run();
  const token = createInvite(db, { roles: ["admin"], createdBy: null, now });
  return `${env().publicUrl}/staff/setup/${token}`;
}

export type AcceptResult = { ok: true; user: StaffUser } | { ok: false; error: "invite" | "email" | PasswordProblem | "taken" };

export async function acceptInvite(
  db: Db,
  token: string,
  input: { name: string; email: string; password: string },
  now = new Date(),
): Promise<AcceptResult> {
  const invite = findInvite(db, token, now);
  if (!invite) return { ok: false, error: "invite" };
  const emailHash = staffEmailHash(input.email);
  if (invite.emailHash && invite.emailHash !== emailHash) return { ok: false, error: "email" };
  const problem = checkPassword(input.password, [input.email, input.name]);
  if (problem) return { ok: false, error: problem };
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    // Re-check inside the transaction: two submissions of one link create one account.
    const fresh = tx.select().from(schema.staffInvites).where(and(eq(schema.staffInvites.tokenHash, invite.tokenHash), isNull(schema.staffInvites.usedAt))).get();
    if (!fresh) return { ok: false, error: "invite" } as const;
    if (tx.select().from(schema.staffUsers).where(eq(schema.staffUsers.emailHash, emailHash)).get()) return { ok: false, error: "taken" } as const;
    tx.update(schema.staffInvites).set({ usedAt: now }).where(eq(schema.staffInvites.tokenHash, invite.tokenHash)).run();
    const user = tx
      .insert(schema.staffUsers)
      .values({
        emailHash,
        emailEnc: encryptField("staff.email", input.email.trim()),
        name: input.name,
        passwordHash,
        roles: invite.roles,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    audit(tx, { userId: user.id, action: "staff.account_created", target: `staff:${user.id}`, details: { roles: invite.roles, invitedBy: invite.createdBy } });
    return { ok: true, user } as const;
  });
}

// ---- sessions --------------------------------------------------------------------------------------------

export type LoginResult =
  | { ok: true; sessionId: string; user: StaffUser; next: "two-factor" | "enrol" | "done" }
  | { ok: false; error: "credentials" | "throttled"; retryAfterSeconds?: number };

function newSession(tx: Tx, user: StaffUser, pendingTwoFactor: boolean, now: Date): string {
  const id = crypto.randomBytes(32).toString("base64url");
  tx.insert(schema.staffSessions)
    .values({
      idHash: tokenHash(id),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + absoluteHours * 3600_000),
      pendingTwoFactor,
    })
    .run();
  return id;
}

/**
 * Checks email and password. Failures count per account (locked for a while after five) and per client
 * address; the answer never says whether the account exists. A successful login always gets a new session
 * id; with two-factor enabled the session is pending until the code is given.
 */
export async function login(
  db: Db,
  { email, password, ipHash, presentedSessionId }: { email: string; password: string; ipHash: string; presentedSessionId?: string | null },
  now = new Date(),
): Promise<LoginResult> {
  try {
    await loginAddressLimiter().consume(ipHash);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      audit(db, { userId: null, action: "staff.login_throttled", ipHash, now });
      return { ok: false, error: "throttled", retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) };
    }
    throw rejection;
  }
  const user = findStaffByEmail(db, email);
  if (!user || user.disabledAt) {
    await argon2.verify(await timingDummy(), password).catch(() => false);
    audit(db, { userId: null, action: "staff.login_failed", details: { reason: user ? "disabled" : "unknown" }, ipHash, now });
    return { ok: false, error: "credentials" };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    audit(db, { userId: user.id, action: "staff.login_throttled", ipHash, now });
    return { ok: false, error: "throttled", retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const valid = await argon2.verify(user.passwordHash, password).catch(() => false);
  // Guesses checked concurrently may have locked the account while this one was being checked.
  const lock = lockedUntil(db, user.id, now);
  if (lock) {
    audit(db, { userId: user.id, action: "staff.login_throttled", ipHash, now });
    return { ok: false, error: "throttled", retryAfterSeconds: Math.ceil((lock.getTime() - now.getTime()) / 1000) };
  }
  if (!valid) {
    const { failures } = db.transaction((tx) => countFailure(tx, user.id, now));
    audit(db, { userId: user.id, action: "staff.login_failed", details: { reason: "password", failures }, ipHash, now });
    return { ok: false, error: "credentials" };
  }
  return db.transaction((tx) => {
    if (presentedSessionId) tx.delete(schema.staffSessions).where(eq(schema.staffSessions.idHash, tokenHash(presentedSessionId))).run();
    const hasTwoFactor = Boolean(user.totpEnabledAt);
    // With two-factor authentication the count of failures is reset only once the code is right too.
    if (!hasTwoFactor) tx.update(schema.staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(schema.staffUsers.id, user.id)).run();
    const sessionId = newSession(tx, user, hasTwoFactor, now);
    audit(tx, { userId: user.id, action: hasTwoFactor ? "staff.password_accepted" : "staff.login", ipHash, now });
    const next = hasTwoFactor ? "two-factor" : requiresTwoFactor(user.roles) ? "enrol" : "done";
    return { ok: true, sessionId, user, next } as const;
  });
}

/**
 * A wrong two-factor code counts like a wrong password (five lock the account), and once the account is locked
 * the session the codes were tried in ends: whoever has the password, or a stolen session, cannot go on guessing.
 */
function twoFactorFailed(db: Db, user: StaffUser, sessionIdHash: string, ipHash: string, now: Date) {
  db.transaction((tx) => {
    const { failures, locked } = countFailure(tx, user.id, now);
    if (locked) tx.delete(schema.staffSessions).where(eq(schema.staffSessions.idHash, sessionIdHash)).run();
    audit(tx, { userId: user.id, action: "staff.two_factor_failed", details: { failures }, ipHash, now });
  });
}

/** Completes a pending login with a TOTP code; the session id changes again. */
export function completeTwoFactor(db: Db, sessionId: string, code: string, ipHash: string, now = new Date()): { ok: true; sessionId: string } | { ok: false } {
  const found = readSession(db, sessionId, now, { allowPending: true });
  if (!found || !found.session.pendingTwoFactor) return { ok: false };
  if (lockedUntil(db, found.user.id, now) || !verifyUserTotp(db, found.user, code, now)) {
    twoFactorFailed(db, found.user, found.session.idHash, ipHash, now);
    return { ok: false };
  }
  return db.transaction((tx) => {
    tx.delete(schema.staffSessions).where(eq(schema.staffSessions.idHash, found.session.idHash)).run();
    tx.update(schema.staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(schema.staffUsers.id, found.user.id)).run();
    const fresh = newSession(tx, found.user, false, now);
    tx.update(schema.staffSessions).set({ twoFactorAt: now }).where(eq(schema.staffSessions.idHash, tokenHash(fresh))).run();
    audit(tx, { userId: found.user.id, action: "staff.login", details: { twoFactor: true }, ipHash, now });
    return { ok: true, sessionId: fresh } as const;
  });
}

/** A fresh two-factor check inside a session (before an export). */
export function reconfirmTwoFactor(db: Db, session: StaffSession, user: StaffUser, code: string, ipHash: string, now = new Date()): boolean {
  // The account as it is now (the caller's copy was read before the form arrived).
  const current = db.select().from(schema.staffUsers).where(eq(schema.staffUsers.id, user.id)).get() ?? user;
  if (lockedUntil(db, current.id, now) || !verifyUserTotp(db, current, code, now)) {
    twoFactorFailed(db, current, session.idHash, ipHash, now);
    return false;
  }
  db.transaction((tx) => {
    tx.update(schema.staffSessions).set({ twoFactorAt: now }).where(eq(schema.staffSessions.idHash, session.idHash)).run();
    tx.update(schema.staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(schema.staffUsers.id, current.id)).run();
  });
  return true;
}

export function hasRecentTwoFactor(session: StaffSession, now = new Date()): boolean {
  return Boolean(session.twoFactorAt && now.getTime() - session.twoFactorAt.getTime() < recentTwoFactorMinutes * 60_000);
}

/**
 * The session for a cookie value, if it is alive: not older than 12 hours, used within the last 30 minutes,
 * and its user not disabled. Each use moves the idle deadline (written at most once a minute).
 */
export function readSession(db: Db, sessionId: string | null | undefined, now = new Date(), { allowPending = false } = {}) {
  if (!sessionId || !/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const row = db
    .select({ session: schema.staffSessions, user: schema.staffUsers })
    .from(schema.staffSessions)
    .innerJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.staffSessions.userId))
    .where(eq(schema.staffSessions.idHash, tokenHash(sessionId)))
    .get();
  if (!row) return null;
  const idleDeadline = row.session.lastSeenAt.getTime() + idleMinutes * 60_000;
  if (row.session.expiresAt <= now || idleDeadline <= now.getTime() || row.user.disabledAt) {
    db.delete(schema.staffSessions).where(eq(schema.staffSessions.idHash, row.session.idHash)).run();
    return null;
  }
  if (row.session.pendingTwoFactor && !allowPending) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    db.update(schema.staffSessions).set({ lastSeenAt: now }).where(eq(schema.staffSessions.idHash, row.session.idHash)).run();
  }
  return row;
}

export function logout(db: Db, sessionId: string | null | undefined) {
  if (!sessionId) return;
  db.delete(schema.staffSessions).where(eq(schema.staffSessions.idHash, tokenHash(sessionId))).run();
}

/** Signs a user out of every browser. */
export function logoutEverywhere(db: Db, userId: number) {
  db.delete(schema.staffSessions).where(eq(schema.staffSessions.userId, userId)).run();
}

/** Deletes sessions that have ended (run by the scheduled job). */
export function pruneSessions(db: Pick<Db, "delete">, now = new Date()) {
  const idleCutoff = now.getTime() - idleMinutes * 60_000;
  return db
    .delete(schema.staffSessions)
    .where(sql`${schema.staffSessions.expiresAt} <= ${now.getTime()} OR ${schema.staffSessions.lastSeenAt} <= ${idleCutoff}`)
    .run().changes;
}

// ---- two-factor enrolment ----------------------------------------------------------------------------------

/** Stores a candidate secret; it becomes active only once a code from it is confirmed. */
export function startEnrolment(db: Db, user: StaffUser): string {
  const secret = newTotpSecret();
  db.update(schema.staffUsers).set({ totpSecretEnc: encryptField("staff.totp", secret), totpEnabledAt: null, totpLastStep: null }).where(eq(schema.staffUsers.id, user.id)).run();
  return secret;
}

export function pendingEnrolmentSecret(user: StaffUser): string | null {
  return user.totpSecretEnc && !user.totpEnabledAt ? decryptField("staff.totp", user.totpSecretEnc) : null;
}

export function finishEnrolment(db: Db, user: StaffUser, sessionIdHash: string, code: string, ipHash: string, now = new Date()): boolean {
  if (!user.totpSecretEnc || user.totpEnabledAt) return false;
  if (!verifyUserTotp(db, user, code, now)) return false;
  db.transaction((tx) => {
    tx.update(schema.staffUsers).set({ totpEnabledAt: now }).where(eq(schema.staffUsers.id, user.id)).run();
    tx.update(schema.staffSessions).set({ twoFactorAt: now }).where(eq(schema.staffSessions.idHash, sessionIdHash)).run();
    audit(tx, { userId: user.id, action: "staff.two_factor_enabled", target: `staff:${user.id}`, ipHash, now });
  });
  return true;
}
