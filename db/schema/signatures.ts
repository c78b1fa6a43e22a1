import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { petitions } from "./campaigns";
import { countries } from "./countries";
import { createdAt, locale, timestamp, updatedAt } from "./columns";

const encrypted = (name: string) => blob(name, { mode: "buffer" });

/**
 * One signature per petition per person. Personal data is encrypted (app/utils/crypto.server.ts); the
 * person is recognised by a keyed hash of their canonical email address.
 */
export const signatures = sqliteTable(
  "signatures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    petitionId: integer("petition_id")
      .notNull()
      .references(() => petitions.id, { onDelete: "cascade" }),
    /** Keyed hash of the canonical email address (case-folded, provider aliases removed). */
    emailHash: text("email_hash").notNull(),
    emailEnc: encrypted("email_enc").notNull(),
    nameEnc: encrypted("name_enc").notNull(),
    /** "First name + initial", kept only when the signer chose to be shown publicly. */
    publicName: text("public_name"),
    country: text("country")
      .notNull()
      .references(() => countries.code),
    commentEnc: encrypted("comment_enc"),
    /** A comment is never shown publicly unless staff approve it. */
    commentStatus: text("comment_status", { enum: ["none", "pending", "approved", "rejected"] }).notNull().default("none"),
    showPublicly: integer("show_publicly", { mode: "boolean" }).notNull().default(false),
    wantsUpdates: integer("wants_updates", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "confirmed", "invalidated"] }).notNull().default("pending"),
    invalidReason: text("invalid_reason"),
    invalidatedAt: timestamp("invalidated_at"),
    /** The language the signer used: their emails are written in it. */
    locale: locale(),
    /** Emails sent because of form submissions (confirmation, repeats); at most 5. */
    emailsSent: integer("emails_sent").notNull().default(0),
    /** Keyed hash of the client address, for abuse review; dropped after 30 days. */
    ipHash: text("ip_hash"),
    /** True when the signer's browser solved the proof-of-work challenge. */
    powVerified: integer("pow_verified", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    confirmedAt: timestamp("confirmed_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("signatures_petition_email").on(t.petitionId, t.emailHash),
    index("signatures_recent_public")
      .on(t.petitionId, t.confirmedAt)
      .where(sql`status = 'confirmed' AND show_publicly = 1`),
    // The petition page's approved comments, newest first, without reading every signature.
    index("signatures_approved_comments")
      .on(t.petitionId, t.confirmedAt)
      .where(sql`status = 'confirmed' AND comment_status = 'approved'`),
    index("signatures_status_created").on(t.status, t.createdAt),
    // Retention finds the client-address hashes to drop (after 30 days) without reading every signature.
    index("signatures_ip_hash_age").on(t.createdAt).where(sql`ip_hash IS NOT NULL`),
  ],
);

/**
 * Links sent by email: confirm a signature (7 days, single use) or withdraw it (until the data is deleted).
 * A link's token is `<id>.<secret>`: the row is found by its id (the selector), and the SHA-256 of the secret
 * must match. New rows are appended in id order, where a random hash would be inserted all over an index, a
 * cost every signature paid twice with a million stored (docs/decisions/0023-token-selectors.md). Links sent
 * before selectors carry the secret alone: their rows are `legacy`, found by the hash of the whole token.
 */
export const signatureTokens = sqliteTable(
  "signature_tokens",
  {
    /** The selector: the number before the dot in the link. */
    id: integer("id").primaryKey(),
    /** SHA-256 of the link's secret (of the whole token for a legacy row). */
    tokenHash: text("token_hash").notNull(),
    /** Issued before selectors: found by its hash alone. */
    legacy: integer("legacy", { mode: "boolean" }).notNull().default(false),
    signatureId: integer("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["confirm", "withdraw"] }).notNull(),
    expiresAt: timestamp("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("signature_tokens_signature").on(t.signatureId),
    // Retention finds the expired confirmation links; withdrawal links (no expiry) are not in it.
    index("signature_tokens_expiry").on(t.expiresAt).where(sql`expires_at IS NOT NULL`),
    // Only the legacy rows are indexed by hash: no new row is ever added to this index.
    uniqueIndex("signature_tokens_legacy").on(t.tokenHash).where(sql`legacy = 1`),
  ],
);

/** Confirmed signatures per petition, kept up to date in the same transaction as every change. */
export const petitionCounts = sqliteTable("petition_counts", {
  petitionId: integer("petition_id")
    .primaryKey()
    .references(() => petitions.id, { onDelete: "cascade" }),
  confirmed: integer("confirmed").notNull().default(0),
});

export const petitionCountryCounts = sqliteTable(
  "petition_country_counts",
  {
    petitionId: integer("petition_id")
      .notNull()
      .references(() => petitions.id, { onDelete: "cascade" }),
    country: text("country").notNull(),
    confirmed: integer("confirmed").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.country] })],
);

/**
 * Signatures per petition and UTC day, for the staff dashboard: submitted, pending and invalidated by the day
 * a signature was made, confirmed by the day it was confirmed (while it stays confirmed). Kept by triggers on
 * `signatures` (migration 0007), so that every path that adds, changes or removes a signature (signing,
 * confirming, withdrawal, erasure, invalidation, retention) moves them in its own transaction. A dashboard
 * then reads a few dozen rows instead of every signature (docs/decisions/0025-day-counters.md).
 */
export const petitionDayCounts = sqliteTable(
  "petition_day_counts",
  {
    // No foreign key: the triggers write here inside every change of a signature, and a key check would add a
    // lookup to each (petitions are never deleted; rows of one would only be left unread).
    petitionId: integer("petition_id").notNull(),
    /** Days since 1970-01-01, UTC. */
    day: integer("day").notNull(),
    submitted: integer("submitted").notNull().default(0),
    pending: integer("pending").notNull().default(0),
    invalidated: integer("invalidated").notNull().default(0),
    confirmed: integer("confirmed").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.day] })],
);
