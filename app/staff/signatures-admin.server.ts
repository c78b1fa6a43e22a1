// Staff tools for signatures: search (by exact email, country, dates, status), invalidation and restoration
// with a reason (one at a time or by criteria; counters follow), and comment moderation.
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { adjustCounts } from "../petitions/counts.server";
import { decryptOptional, lookupHash } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { canonicalEmail } from "../utils/email-address.server";
import { pageCache } from "../utils/page-cache.server";
import { audit } from "./auth.server";

export interface SignatureCriteria {
  petitionId: number;
  email?: string;
  country?: string;
  from?: Date;
  to?: Date;
  status?: "pending" | "confirmed" | "invalidated";
}

function where(c: SignatureCriteria): SQL {
  const parts: SQL[] = [eq(schema.signatures.petitionId, c.petitionId)];
  if (c.email) parts.push(eq(schema.signatures.emailHash, lookupHash("email", canonicalEmail(c.email))));
  if (c.country) parts.push(eq(schema.signatures.country, c.country));
  if (c.from) parts.push(gte(schema.signatures.createdAt, c.from));
  if (c.to) parts.push(lte(schema.signatures.createdAt, c.to));
  if (c.status) parts.push(eq(schema.signatures.status, c.status));
  return and(...parts)!;
}

/** True when the criteria narrow the petition down (acting on "everything" needs an explicit criterion). */
export function hasCriteria(c: SignatureCriteria): boolean {
  return Boolean(c.email || c.country || c.from || c.to || c.status);
}

export function countSignatures(db: Db, c: SignatureCriteria): number {
  return db.select({ n: sql<number>`count(*)` }).from(schema.signatures).where(where(c)).get()!.n;
}

export function searchSignatures(db: Db, c: SignatureCriteria, limit = 100) {
  return db
    .select()
    .from(schema.signatures)
    .where(where(c))
    .orderBy(desc(schema.signatures.id))
    .limit(limit)
    .all()
    .map((s) => ({
      id: s.id,
      name: decryptOptional("signatures.name", s.nameEnc) ?? "",
      email: decryptOptional("signatures.email", s.emailEnc) ?? "",
      country: s.country,
      status: s.status,
      createdAt: s.createdAt.toISOString(),
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      invalidReason: s.invalidReason,
    }));
}

type Selection = { ids: number[] } | { criteria: SignatureCriteria };

function selectRows(tx: Pick<Db, "select">, petitionId: number, selection: Selection) {
  const condition =
    "ids" in selection ? and(eq(schema.signatures.petitionId, petitionId), inArray(schema.signatures.id, selection.ids.slice(0, 10_000))) : where(selection.criteria);
  return tx
    .select({ id: schema.signatures.id, status: schema.signatures.status, country: schema.signatures.country, confirmedAt: schema.signatures.confirmedAt })
    .from(schema.signatures)
    .where(condition)
    .all();
}

/** What an audit entry may say about a selection: never the email searched for. */
function describe(selection: Selection) {
  if ("ids" in selection) return { ids: selection.ids.length };
  const { email, country, from, to, status } = selection.criteria;
  return { byEmail: Boolean(email), country: country ?? null, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, status: status ?? null };
}

export function invalidateSignatures(
  db: Db,
  petitionId: number,
  selection: Selection,
  reason: string,
  actor: { userId: number; ipHash: string | null },
  now = new Date(),
): number {
  const changed = db.transaction((tx) => {
    const rows = selectRows(tx, petitionId, selection).filter((r) => r.status !== "invalidated");
    for (const row of rows) {
      tx.update(schema.signatures)
        .set({ status: "invalidated", invalidReason: reason, invalidatedAt: now, updatedAt: now })
        .where(eq(schema.signatures.id, row.id))
        .run();
      if (row.status === "confirmed") adjustCounts(tx, petitionId, row.country, -1);
    }
    audit(tx, { userId: actor.userId, action: "signatures.invalidated", target: `petition:${petitionId}`, details: { ...describe(selection), count: rows.length, reason }, ipHash: actor.ipHash, now });
    return rows.length;
  });
  if (changed) pageCache.purge();
  return changed;
}

export function restoreSignatures(db: Db, petitionId: number, selection: Selection, actor: { userId: number; ipHash: string | null }, now = new Date()): number {
  const changed = db.transaction((tx) => {
    const rows = selectRows(tx, petitionId, selection).filter((r) => r.status === "invalidated");
    for (const row of rows) {
      const status = row.confirmedAt ? "confirmed" : "pending";
      tx.update(schema.signatures).set({ status, invalidReason: null, invalidatedAt: null, updatedAt: now }).where(eq(schema.signatures.id, row.id)).run();
      if (status === "confirmed") adjustCounts(tx, petitionId, row.country, 1);
    }
    audit(tx, { userId: actor.userId, action: "signatures.restored", target: `petition:${petitionId}`, details: { ...describe(selection), count: rows.length }, ipHash: actor.ipHash, now });
    return rows.length;
  });
  if (changed) pageCache.purge();
  return changed;
}

export function pendingComments(db: Db, petitionId: number, limit = 50) {
  return db
    .select()
    .from(schema.signatures)
    .where(and(eq(schema.signatures.petitionId, petitionId), eq(schema.signatures.commentStatus, "pending"), eq(schema.signatures.status, "confirmed")))
    .orderBy(asc(schema.signatures.confirmedAt))
    .limit(limit)
    .all()
    .map((s) => ({ id: s.id, publicName: s.publicName, country: s.country, comment: decryptOptional("signatures.comment", s.commentEnc) ?? "" }));
}

export function moderateComment(db: Db, signatureId: number, decision: "approved" | "rejected", actor: { userId: number; ipHash: string | null }) {
  db.transaction((tx) => {
    tx.update(schema.signatures).set({ commentStatus: decision }).where(eq(schema.signatures.id, signatureId)).run();
    audit(tx, { userId: actor.userId, action: `comments.${decision}`, target: `signature:${signatureId}`, ipHash: actor.ipHash });
  });
  pageCache.purge();
}
