// Shared steps of the reliability suite: requests as a browser without JavaScript sends them (plain fetch,
// one client address per request through X-Forwarded-For), and checks of what the server stored and what the
// SMTP server received.
import fs from "node:fs";
import { eq, inArray } from "drizzle-orm";
import { expect } from "@playwright/test";
import { canonicalEmail } from "../../app/utils/email-address.server";
import { lookupHash } from "../../app/utils/crypto.server";
import { schema } from "../../app/utils/db.server";
import type { AppServer } from "../setup/app-server";
import { petitionPath } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import type { SmtpCapture } from "../setup/smtp";
import { useServerKeys } from "../setup/staff";

export const lettersPath = "/campaigns/1988-massacre/letters";
/** A server may take long to start on a shared, busy machine. */
export const startTimeoutMs = 90_000;
export const checkEmailPath = `${petitionPath}/check-email`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A documentation address (RFC 5737) for client number n: 198.18.x.y covers 65 536 clients. */
export function clientAddress(n: number): string {
  return `198.18.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export interface PostResult {
  status: number;
  location: string | null;
  ms: number;
  /** The connection failed (the server was killed, or refused the connection). */
  error?: string;
  body?: string;
}

/** POSTs a urlencoded form as a browser without JavaScript does; never follows redirects, never throws. */
export async function postForm(url: string, form: Record<string, string>, { ip, readBody = false }: { ip?: string; readBody?: boolean } = {}): Promise<PostResult> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "content-type": "application/x-www-form-urlencoded", ...(ip ? { "x-forwarded-for": ip } : {}) },
      redirect: "manual",
    });
    const body = readBody ? await response.text() : (await response.arrayBuffer(), undefined);
    return { status: response.status, location: response.headers.get("location"), ms: performance.now() - started, body };
  } catch (error) {
    return { status: 0, location: null, ms: performance.now() - started, error: String((error as Error).cause ?? error) };
  }
}

export function signForm(email: string, country = "IE"): Record<string, string> {
  return { fullName: "Reliability Test", email, country };
}

export function sign(server: AppServer, email: string, ip: string, country = "IE") {
  return postForm(`${server.url}${petitionPath}?index`, signForm(email, country), { ip });
}

/** The signature rows stored for these addresses (looked up by keyed hash, with the server's keys). */
export function signaturesFor(server: AppServer, emails: string[]) {
  useServerKeys(server);
  const db = openServerDatabase(server);
  try {
    const hashes = new Map(emails.map((e) => [lookupHash("email", canonicalEmail(e)), e]));
    const rows = db.select().from(schema.signatures).where(inArray(schema.signatures.emailHash, [...hashes.keys()])).all();
    return rows.map((row) => ({ ...row, email: hashes.get(row.emailHash)! }));
  } finally {
    db.$client.close();
  }
}

export function allSignatures(server: AppServer) {
  const db = openServerDatabase(server);
  try {
    return db.select().from(schema.signatures).all();
  } finally {
    db.$client.close();
  }
}

export function outboxRows(server: AppServer) {
  const db = openServerDatabase(server);
  try {
    return db.select().from(schema.outbox).all();
  } finally {
    db.$client.close();
  }
}

export function integrityCheck(server: AppServer): string {
  const db = openServerDatabase(server);
  try {
    return (db.$client.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.$client.close();
  }
}

/** Polls until the check passes (returns a truthy value) or fails after the timeout. */
export async function waitUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Waits until the outbox has nothing queued or being sent. */
export async function outboxDrained(server: AppServer, timeoutMs = 30_000) {
  await waitUntil("the outbox to drain", () => outboxRows(server).every((r) => r.status !== "queued" && r.status !== "sending"), timeoutMs, 200);
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, "");

/** How many messages with each Message-ID the SMTP server received. */
export function receivedByMessageId(smtp: SmtpCapture): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) {
    const id = bare(m.parsed.messageId ?? "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The delivery promise after a crash: every outbox row was received exactly once, except a row that was
 * being sent at the moment of the crash (its outcome unknown to the server), which may have been received
 * twice — never more, never with another Message-ID, and nothing the outbox does not hold.
 */
export function expectEachDeliveredOnce(server: AppServer, smtp: SmtpCapture, inFlightAtCrash: Set<string>) {
  const rows = outboxRows(server);
  const received = receivedByMessageId(smtp);
  const known = new Set(rows.map((r) => bare(r.messageId)));
  expect([...received.keys()].filter((id) => !known.has(id)), "messages the outbox never held").toEqual([]);
  const wrong: string[] = [];
  let duplicates = 0;
  for (const row of rows) {
    const id = bare(row.messageId);
    const n = received.get(id) ?? 0;
    if (row.status !== "sent") wrong.push(`${row.template} #${row.id} is ${row.status}`);
    const allowed = inFlightAtCrash.has(id) ? [1, 2] : [1];
    if (!allowed.includes(n)) wrong.push(`${row.template} #${row.id} received ${n} times${inFlightAtCrash.has(id) ? " (in flight at the crash)" : ""}`);
    if (n === 2) duplicates += 1;
  }
  expect(wrong, "outbox rows not delivered exactly once").toEqual([]);
  // The delivery loop has at most 5 messages in an SMTP conversation at once: at most 5 can be in doubt.
  expect(duplicates, "messages delivered twice").toBeLessThanOrEqual(5);
  return { rows: rows.length, duplicates };
}

/** Message-IDs of the rows the server was sending when it stopped (read from the database after the crash). */
export function inFlight(server: AppServer): Set<string> {
  return new Set(outboxRows(server).filter((r) => r.status === "sending").map((r) => bare(r.messageId)));
}

/** Resident memory of a process, in kilobytes (Linux). */
export function residentKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!match) throw new Error("no VmRSS");
  return Number(match[1]);
}

export { eq, schema, openServerDatabase };
