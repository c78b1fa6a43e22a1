// Supporters' rights: a copy of the data held about an email address, its erasure, and one-click
// unsubscribing from campaign updates. Requests are answered by email only, so the page never reveals
// whether an address is known; erasure is confirmed from the mailbox (GET shows, POST erases).
import crypto from "node:crypto";
import { and, eq, inArray, isNull, gt } from "drizzle-orm";
import { localizePath, translate, type Locale } from "../i18n";
import { queueEmail } from "../mail/outbox.server";
import { adjustCounts } from "../petitions/counts.server";
import { decryptOptional, lookupHash, newToken, safeEqual, tokenHash } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { countryNames } from "../utils/countries.server";
import { canonicalEmail } from "../utils/email-address.server";
import { env } from "../utils/env.server";
import { keyring } from "../utils/keys.server";
import { pageCache } from "../utils/page-cache.server";
import { pickTranslation } from "../utils/localized.server";

export const erasureValidDays = 7;

function emailHashOf(email: string) {
  return lookupHash("email", canonicalEmail(email));
}

function absolute(path: string) {
  return env().publicUrl + path;
}

export interface HeldData {
  signatures: {
    petition: string;
    name: string;
    country: string;
    status: string;
    signedAt: string;
    confirmedAt: string | null;
    comment: string | null;
    showPublicly: boolean;
    wantsUpdates: boolean;
  }[];
  letters: { writtenAt: string; name: string; city: string | null; country: string; reachable: boolean; recipients: { name: string; status: string }[] }[];
}

/** Everything held about an address, decrypted, in the requester's language (for the copy sent to them). */
export function collectData(db: Db, email: string, locale: Locale): HeldData {
  const emailHash = emailHashOf(email);
  const countries = countryNames(db, locale);
  const countryName = (code: string) => countries.get(code) ?? code;
  const petitionTitles = new Map<number, string>();
  const titleOf = (petitionId: number) => {
    if (!petitionTitles.has(petitionId)) {
      const rows = db.select().from(schema.petitionTranslations).where(eq(schema.petitionTranslations.petitionId, petitionId)).all();
      petitionTitles.set(petitionId, pickTranslation(rows, locale)?.value.title ?? String(petitionId));
    }
    return petitionTitles.get(petitionId)!;
  };
  const signatures = db
    .select()
    .from(schema.signatures)
    .where(eq(schema.signatures.emailHash, emailHash))
    .all()
    .map((s) => ({
      petition: titleOf(s.petitionId),
      name: decryptOptional("signatures.name", s.nameEnc.length ? s.nameEnc : null) ?? "",
      country: countryName(s.country),
      status: translate(locale, `staffOps.signatures.status.${s.status}`),
      signedAt: s.createdAt.toISOString(),
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      comment: decryptOptional("signatures.comment", s.commentEnc),
      showPublicly: s.showPublicly,
      wantsUpdates: s.wantsUpdates,
    }));
  const batches = db.select().from(schema.letterBatches).where(eq(schema.letterBatches.emailHash, emailHash)).all();
  const letters = batches.map((b) => ({
    writtenAt: b.createdAt.toISOString(),
    name: decryptOptional("letters.name", b.nameEnc) ?? "",
    city: decryptOptional("letters.city", b.cityEnc),
    country: countryName(b.country),
    reachable: b.reachable,
    recipients: db
      .select({ status: schema.letters.status, nameEn: schema.recipients.nameEn, nameFa: schema.recipients.nameFa })
      .from(schema.letters)
      .innerJoin(schema.recipients, eq(schema.recipients.id, schema.letters.recipientId))
      .where(eq(schema.letters.batchId, b.id))
      .all()
      .map((l) => ({ name: (locale === "fa" && l.nameFa) || l.nameEn, status: translate(locale, `letters.status.${l.status}`) })),
  }));
  return { signatures, letters };
}

/** Sends the address a copy of what is held about it (or a note that nothing is). */
export function requestCopy(db: Db, email: string, locale: Locale, now = new Date()) {
  const data = collectData(db, email, locale);
  db.transaction((tx) =>
    queueEmail(tx, { template: "data-copy", locale, to: email, data: { data, erasureUrl: absolute(localizePath(locale, "/my-data")) } }, env().mail.from, now),
  );
}

/** Sends the address a link to erase its data (or a note that nothing is held). */
export function requestErasure(db: Db, email: string, locale: Locale, now = new Date()) {
  const emailHash = emailHashOf(email);
  const held = db.select({ id: schema.signatures.id }).from(schema.signatures).where(eq(schema.signatures.emailHash, emailHash)).get() ??
    db.select({ id: schema.letterBatches.id }).from(schema.letterBatches).where(eq(schema.letterBatches.emailHash, emailHash)).get();
  db.transaction((tx) => {
    let eraseUrl: string | null = null;
    if (held) {
      const { token, hash } = newToken();
      tx.insert(schema.dataRequests).values({ tokenHash: hash, emailHash, locale, createdAt: now, expiresAt: new Date(now.getTime() + erasureValidDays * 86_400_000) }).run();
      eraseUrl = absolute(localizePath(locale, `/my-data/erase/${token}`));
    }
    queueEmail(tx, { template: "data-erase", locale, to: email, data: { eraseUrl, validDays: erasureValidDays } }, env().mail.from, now);
  });
}

function findRequest(db: Pick<Db, "select">, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (
    db
      .select()
      .from(schema.dataRequests)
      .where(and(eq(schema.dataRequests.tokenHash, tokenHash(token)), isNull(schema.dataRequests.usedAt), gt(schema.dataRequests.expiresAt, now)))
      .get() ?? null
  );
}

export function erasureIsValid(db: Db, token: string, now = new Date()): boolean {
  return findRequest(db, token, now) !== null;
}

/**
 * Erases everything tied to the address: signatures (out of every count), letter submissions (letters already
 * delivered to missions cannot be recalled; the public count of delivered letters stays), pending mail, and
 * remembered browsers. Returns what was erased.
 */
export function eraseData(db: Db, token: string, now = new Date()): { signatures: number; letterBatches: number } | null {
  const result = db.transaction((tx) => {
    const request = findRequest(tx, token, now);
    if (!request) return null;
    const signatures = tx.select().from(schema.signatures).where(eq(schema.signatures.emailHash, request.emailHash)).all();
    for (const s of signatures) if (s.status === "confirmed") adjustCounts(tx, s.petitionId, s.country, -1);
    const ids = signatures.map((s) => s.id);
    if (ids.length) {
      tx.delete(schema.outbox).where(inArray(schema.outbox.signatureId, ids)).run();
      tx.delete(schema.signatures).where(inArray(schema.signatures.id, ids)).run();
    }
    const batches = tx.select({ id: schema.letterBatches.id }).from(schema.letterBatches).where(eq(schema.letterBatches.emailHash, request.emailHash)).all();
    const batchIds = batches.map((b) => b.id);
    if (batchIds.length) {
      const letterIds = tx.select({ id: schema.letters.id }).from(schema.letters).where(inArray(schema.letters.batchId, batchIds)).all().map((l) => l.id);
      if (letterIds.length) tx.delete(schema.outbox).where(inArray(schema.outbox.letterId, letterIds)).run();
      tx.delete(schema.letterBatches).where(inArray(schema.letterBatches.id, batchIds)).run();
    }
    tx.delete(schema.verifiedBrowsers).where(eq(schema.verifiedBrowsers.emailHash, request.emailHash)).run();
    tx.update(schema.dataRequests).set({ usedAt: now }).where(eq(schema.dataRequests.emailHash, request.emailHash)).run();
    return { signatures: ids.length, letterBatches: batchIds.length };
  });
  if (result && result.signatures) pageCache.purge();
  return result;
}

// ---- unsubscribe -----------------------------------------------------------------------------------------

function unsubscribeMac(emailHash: string) {
  return crypto.createHmac("sha256", keyring().secretFor("unsubscribe")).update(emailHash).digest("base64url").slice(0, 22);
}

/** A link token that stops updates for an address: its keyed hash and a MAC (nothing to store). */
export function unsubscribeToken(email: string): string {
  const emailHash = emailHashOf(email);
  return `${emailHash}.${unsubscribeMac(emailHash)}`;
}

export function unsubscribeUrl(email: string, locale: Locale): string {
  return absolute(localizePath(locale, `/unsubscribe/${unsubscribeToken(email)}`));
}

function emailHashFromToken(token: string): string | null {
  const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  return safeEqual(unsubscribeMac(match[1]!), match[2]!) ? match[1]! : null;
}

export function isUnsubscribeToken(token: string): boolean {
  return emailHashFromToken(token) !== null;
}

/** Stops campaign updates for the address (every petition it signed). */
export function unsubscribe(db: Db, token: string): boolean {
  const emailHash = emailHashFromToken(token);
  if (!emailHash) return false;
  db.update(schema.signatures).set({ wantsUpdates: false }).where(eq(schema.signatures.emailHash, emailHash)).run();
  return true;
}
