// The outbox as staff see it: what is waiting, what failed and why (SMTP codes, never addresses or
// contents), and retrying or cancelling a message.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { audit } from "./auth.server";

function withRecipients(db: Db, rows: (typeof schema.outbox.$inferSelect)[], locale: "en" | "fa") {
  const letterIds = rows.map((r) => r.letterId).filter((id): id is number => id !== null);
  const names = new Map<number, string>();
  if (letterIds.length) {
    for (const row of db
      .select({ letterId: schema.letters.id, nameEn: schema.recipients.nameEn, nameFa: schema.recipients.nameFa })
      .from(schema.letters)
      .innerJoin(schema.recipients, eq(schema.recipients.id, schema.letters.recipientId))
      .where(inArray(schema.letters.id, letterIds))
      .all()) {
      names.set(row.letterId, (locale === "fa" && row.nameFa) || row.nameEn);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    template: r.template,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    // Missions are institutions and may be named; a supporter's address is never shown.
    recipient: r.letterId ? (names.get(r.letterId) ?? null) : null,
  }));
}

export function outboxLists(db: Db, locale: "en" | "fa") {
  const failed = db.select().from(schema.outbox).where(eq(schema.outbox.status, "failed")).orderBy(desc(schema.outbox.id)).limit(100).all();
  const queued = db
    .select()
    .from(schema.outbox)
    .where(inArray(schema.outbox.status, ["queued", "sending"]))
    .orderBy(asc(schema.outbox.nextAttemptAt))
    .limit(100)
    .all();
  return { failed: withRecipients(db, failed, locale), queued: withRecipients(db, queued, locale) };
}

/** Queues a failed (or waiting) message again, to be tried now. Messages already sent cannot be retried. */
export function retryMessage(db: Db, id: number, actor: { userId: number; ipHash: string | null }, now = new Date()): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(schema.outbox).where(eq(schema.outbox.id, id)).get();
    if (!row || !["failed", "queued"].includes(row.status) || !row.toEnc) return false;
    tx.update(schema.outbox).set({ status: "queued", nextAttemptAt: now }).where(eq(schema.outbox.id, id)).run();
    if (row.letterId) tx.update(schema.letters).set({ status: "queued", failureReason: null }).where(and(eq(schema.letters.id, row.letterId), eq(schema.letters.status, "failed"))).run();
    audit(tx, { userId: actor.userId, action: "outbox.retried", target: `outbox:${id}`, details: { template: row.template, lastError: row.lastError }, ipHash: actor.ipHash, now });
    return true;
  });
}

export function cancelMessage(db: Db, id: number, actor: { userId: number; ipHash: string | null }, now = new Date()): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(schema.outbox).where(eq(schema.outbox.id, id)).get();
    if (!row || !["failed", "queued"].includes(row.status)) return false;
    tx.update(schema.outbox).set({ status: "cancelled", toEnc: null, payloadEnc: null }).where(eq(schema.outbox.id, id)).run();
    if (row.letterId) tx.update(schema.letters).set({ status: "failed", failureReason: "cancelled by staff" }).where(eq(schema.letters.id, row.letterId)).run();
    audit(tx, { userId: actor.userId, action: "outbox.cancelled", target: `outbox:${id}`, details: { template: row.template }, ipHash: actor.ipHash, now });
    return true;
  });
}
