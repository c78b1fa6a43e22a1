// Retention: personal data is kept only as long as it serves its purpose, then deleted or anonymised by a
// job that runs in the server every hour (and on demand: `npm run retention`). Counts never change: a
// signature keeps its petition, country, status and dates; only what identifies the person goes.
//
//   signatures of a closed petition    names, emails, comments, public names: anonymised N days after closing
//   unconfirmed signatures and letters  deleted once their confirmation link has expired (7 days)
//   letter texts                        scrubbed N days after delivery, with the writer's name, email and city
//   client-address hashes               dropped after 30 days
//   outbox, local mailbox, sessions     delivered or failed message data, expired sessions and links
import { and, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { confirmationValidDays } from "../petitions/signing.server";
import { pruneSessions } from "../staff/auth.server";

const day = 86_400_000;
const empty = Buffer.alloc(0);

export interface RetentionSettings {
  /** Days after a petition closes before its signers' personal data is anonymised. */
  signaturesAfterCloseDays: number;
  /** Days after delivery before a letter's text and its writer's identity are scrubbed. */
  letterBodyDays: number;
  /** Days before client-address hashes are dropped. */
  ipHashDays: number;
}

export interface RetentionReport {
  signaturesAnonymised: number;
  unconfirmedSignaturesDeleted: number;
  unconfirmedLetterBatchesDeleted: number;
  lettersScrubbed: number;
  writersScrubbed: number;
  ipHashesDropped: number;
  outboxScrubbed: number;
  mailboxDeleted: number;
  sessionsPruned: number;
  linksPruned: number;
}

export function applyRetention(db: Db, settings: RetentionSettings, now = new Date()): RetentionReport {
  const t = now.getTime();
  return db.transaction((tx) => {
    // 1. Petitions closed long enough ago: anonymise their signers (counts stay: country, status, dates).
    const closed = tx
      .select({ id: schema.petitions.id })
      .from(schema.petitions)
      .where(and(isNotNull(schema.petitions.closesAt), lte(schema.petitions.closesAt, new Date(t - settings.signaturesAfterCloseDays * day))))
      .all()
      .map((p) => p.id);
    let signaturesAnonymised = 0;
    if (closed.length) {
      signaturesAnonymised = tx
        .update(schema.signatures)
        .set({
          nameEnc: empty,
          emailEnc: empty,
          commentEnc: null,
          publicName: null,
          commentStatus: "none",
          // Keeps the per-petition uniqueness without keeping anything that identifies the person.
          emailHash: sql`'anonymised:' || ${schema.signatures.id}`,
          ipHash: null,
          updatedAt: now,
        })
        .where(and(inArray(schema.signatures.petitionId, closed), sql`length(${schema.signatures.emailEnc}) > 0`))
        .run().changes;
      tx.delete(schema.signatureTokens)
        .where(sql`${schema.signatureTokens.signatureId} IN (SELECT id FROM signatures WHERE petition_id IN (${sql.join(closed, sql`, `)}))`)
        .run();
    }

    // 2. Unconfirmed signatures whose links have all expired, with their queued mail.
    const staleBefore = new Date(t - confirmationValidDays * day);
    const stale = tx
      .select({ id: schema.signatures.id })
      .from(schema.signatures)
      // Every submission updates the row, so one created since staleBefore is not stale: the (status, created)
      // index narrows the search to the pending signatures older than that.
      .where(and(eq(schema.signatures.status, "pending"), lt(schema.signatures.createdAt, staleBefore), lt(schema.signatures.updatedAt, staleBefore)))
      .all()
      .map((s) => s.id);
    for (let i = 0; i < stale.length; i += 500) {
      const chunk = stale.slice(i, i + 500);
      tx.delete(schema.outbox).where(inArray(schema.outbox.signatureId, chunk)).run();
      tx.delete(schema.signatures).where(inArray(schema.signatures.id, chunk)).run();
    }

    // 3. Letter submissions never confirmed.
    const unconfirmedLetterBatchesDeleted = tx
      .delete(schema.letterBatches)
      .where(and(inArray(schema.letterBatches.status, ["awaiting_confirmation", "cancelled"]), lt(schema.letterBatches.createdAt, staleBefore)))
      .run().changes;

    // 4. Delivered (or definitively failed) letters: scrub the text after the retention period.
    const scrubBefore = new Date(t - settings.letterBodyDays * day);
    const lettersScrubbed = tx
      .update(schema.letters)
      .set({ bodyEnc: null, subjectEnc: null })
      .where(
        and(
          isNotNull(schema.letters.bodyEnc),
          or(and(eq(schema.letters.status, "sent"), lt(schema.letters.sentAt, scrubBefore)), and(inArray(schema.letters.status, ["failed", "cancelled"]), lt(schema.letters.createdAt, scrubBefore))),
        ),
      )
      .run().changes;
    // …and the writer's identity, once none of their letters is still waiting.
    const writersScrubbed = tx
      .update(schema.letterBatches)
      .set({ nameEnc: null, emailEnc: null, cityEnc: null })
      .where(
        and(
          isNotNull(schema.letterBatches.emailEnc),
          eq(schema.letterBatches.status, "confirmed"),
          lt(schema.letterBatches.confirmedAt, scrubBefore),
          sql`NOT EXISTS (SELECT 1 FROM letters l WHERE l.batch_id = ${schema.letterBatches.id} AND l.status IN ('queued', 'awaiting_confirmation'))`,
        ),
      )
      .run().changes;

    // 5. Client-address hashes.
    const ipBefore = new Date(t - settings.ipHashDays * day);
    const ipHashesDropped =
      tx.update(schema.signatures).set({ ipHash: null }).where(and(isNotNull(schema.signatures.ipHash), lt(schema.signatures.createdAt, ipBefore))).run().changes +
      tx.update(schema.letterBatches).set({ ipHash: null }).where(and(isNotNull(schema.letterBatches.ipHash), lt(schema.letterBatches.createdAt, ipBefore))).run().changes +
      tx.update(schema.auditLog).set({ ipHash: null }).where(and(isNotNull(schema.auditLog.ipHash), lt(schema.auditLog.at, ipBefore))).run().changes;

    // 6. Mail data that is no longer needed: failed or cancelled messages after 30 days; the local mailbox
    //    after 7.
    const outboxScrubbed = tx
      .update(schema.outbox)
      .set({ toEnc: null, payloadEnc: null })
      .where(and(inArray(schema.outbox.status, ["failed", "cancelled"]), isNotNull(schema.outbox.toEnc), lt(schema.outbox.createdAt, new Date(t - 30 * day))))
      .run().changes;
    const mailboxDeleted = tx.delete(schema.mailboxMessages).where(lt(schema.mailboxMessages.createdAt, staleBefore)).run().changes;

    // 7. Expired sessions and links.
    const sessionsPruned = pruneSessions(tx, now);
    const linksPruned =
      tx.delete(schema.verifiedBrowsers).where(lt(schema.verifiedBrowsers.expiresAt, now)).run().changes +
      tx.delete(schema.staffInvites).where(or(lt(schema.staffInvites.expiresAt, now), isNotNull(schema.staffInvites.usedAt))).run().changes +
      tx.delete(schema.letterTokens).where(and(isNotNull(schema.letterTokens.expiresAt), lt(schema.letterTokens.expiresAt, now))).run().changes +
      tx.delete(schema.signatureTokens).where(and(isNotNull(schema.signatureTokens.expiresAt), lt(schema.signatureTokens.expiresAt, now))).run().changes;

    return {
      signaturesAnonymised,
      unconfirmedSignaturesDeleted: stale.length,
      unconfirmedLetterBatchesDeleted,
      lettersScrubbed,
      writersScrubbed,
      ipHashesDropped,
      outboxScrubbed,
      mailboxDeleted,
      sessionsPruned,
      linksPruned,
    };
  });
}
