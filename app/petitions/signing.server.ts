// Signing, confirming and withdrawing. Each is one transaction: the signature, its tokens, its counts and its
// emails change together or not at all. The outcome of a submission is never shown to the submitter: a
// first signature, a repeat, and a confirmed signer all see the same "check your email" page.
import { and, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import { localizePath, translate, type Locale } from "../i18n";
import { queueEmail } from "../mail/outbox.server";
import { decryptField, encryptField, encryptOptional, lookupHash, newToken, tokenHash } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { preparedFor, schema } from "../utils/db.server";
import { canonicalEmail } from "../utils/email-address.server";
import { env } from "../utils/env.server";
import { unsubscribeUrl } from "../privacy/rights.server";
import { adjustCounts } from "./counts.server";
import { petitionText, type PetitionRow } from "./petition.server";
import type { SignatureInput } from "./signature-schema";

/** The database, or a transaction on it (they share one connection). */
type Tx = Pick<Db, "insert" | "update" | "select" | "delete">;

const statementsKey = {};

/** The statements of signing and confirming, built once per connection (see preparedFor). */
function statements(db: Tx | Db) {
  return preparedFor(db, statementsKey, (d) => ({
    existing: d
      .select()
      .from(schema.signatures)
      .where(and(eq(schema.signatures.petitionId, sql.placeholder("petitionId")), eq(schema.signatures.emailHash, sql.placeholder("emailHash"))))
      .prepare(),
    insertSignature: d
      .insert(schema.signatures)
      .values({
        petitionId: sql.placeholder("petitionId"),
        emailHash: sql.placeholder("emailHash"),
        emailEnc: sql.placeholder("emailEnc"),
        nameEnc: sql.placeholder("nameEnc"),
        country: sql.placeholder("country"),
        commentEnc: sql.placeholder("commentEnc"),
        commentStatus: sql.placeholder("commentStatus"),
        showPublicly: sql.placeholder("showPublicly"),
        wantsUpdates: sql.placeholder("wantsUpdates"),
        status: "pending",
        locale: sql.placeholder("locale"),
        emailsSent: 1,
        ipHash: sql.placeholder("ipHash"),
        powVerified: sql.placeholder("powVerified"),
        createdAt: sql.placeholder("createdAt"),
        updatedAt: sql.placeholder("updatedAt"),
      })
      .onConflictDoNothing()
      .returning({ id: schema.signatures.id })
      .prepare(),
    // Confirmation links expire; withdrawal links do not (a null that Drizzle's date encoder cannot take).
    insertConfirmToken: d
      .insert(schema.signatureTokens)
      .values({
        tokenHash: sql.placeholder("tokenHash"),
        signatureId: sql.placeholder("signatureId"),
        purpose: "confirm",
        expiresAt: sql.placeholder("expiresAt"),
        createdAt: sql.placeholder("createdAt"),
      })
      .returning({ id: schema.signatureTokens.id })
      .prepare(),
    insertWithdrawToken: d
      .insert(schema.signatureTokens)
      .values({ tokenHash: sql.placeholder("tokenHash"), signatureId: sql.placeholder("signatureId"), purpose: "withdraw", expiresAt: null, createdAt: sql.placeholder("createdAt") })
      .returning({ id: schema.signatureTokens.id })
      .prepare(),
    confirm: d
      .update(schema.signatures)
      // Placeholders inside sql`` are not encoded by the column: times go in as the stored milliseconds.
      .set({ status: "confirmed", confirmedAt: sql`${sql.placeholder("nowMs")}`, updatedAt: sql`${sql.placeholder("nowMs")}`, publicName: sql`${sql.placeholder("publicName")}` })
      .where(eq(schema.signatures.id, sql.placeholder("signatureId")))
      .prepare(),
    // Single use: every confirmation link of a signature stops working once it is confirmed.
    deleteConfirmTokens: d
      .delete(schema.signatureTokens)
      .where(and(eq(schema.signatureTokens.signatureId, sql.placeholder("signatureId")), eq(schema.signatureTokens.purpose, "confirm")))
      .prepare(),
    campaign: d
      .select()
      .from(schema.campaigns)
      .where(eq(schema.campaigns.id, sql.placeholder("campaignId")))
      .prepare(),
    // A link's row, by its selector (the id); the secret's hash must match (see findByToken).
    byToken: linkLookup(
      d,
      and(eq(schema.signatureTokens.id, sql.placeholder("id")), eq(schema.signatureTokens.tokenHash, sql.placeholder("tokenHash")), sql`${schema.signatureTokens.legacy} = 0`)!,
    ),
    // A link sent before selectors, by the hash of its whole token (the literal `legacy = 1` lets SQLite use
    // the partial index that holds only those rows).
    byLegacyToken: linkLookup(d, and(eq(schema.signatureTokens.tokenHash, sql.placeholder("tokenHash")), sql`${schema.signatureTokens.legacy} = 1`)!),
  }));
}

/** A link's signature and petition, by `match` on its token row, for its purpose and while it has not expired. */
function linkLookup(d: Tx, match: SQL) {
  return d
    .select({ signature: schema.signatures, petition: schema.petitions })
    .from(schema.signatureTokens)
    .innerJoin(schema.signatures, eq(schema.signatures.id, schema.signatureTokens.signatureId))
    .innerJoin(schema.petitions, eq(schema.petitions.id, schema.signatures.petitionId))
    .where(
      and(
        match,
        eq(schema.signatureTokens.purpose, sql.placeholder("purpose")),
        or(isNull(schema.signatureTokens.expiresAt), gt(schema.signatureTokens.expiresAt, sql.placeholder("now"))),
      ),
    )
    .prepare();
}

export const confirmationValidDays = 7;
/** Emails a signature may trigger through form submissions (the first confirmation included). */
export const maxEmailsPerSignature = 5;

export type SignOutcome = "created" | "resent" | "already-confirmed" | "limit-reached" | "repeat" | "ignored";

/**
 * A submission this soon after the last one for the same signature is the same submission again (a double
 * click, a retried request, a burst): it changes nothing and sends nothing. Later repeats send a fresh link.
 */
export const repeatWindowMs = 3000;

export interface SignContext {
  locale: Locale;
  /** Keyed hash of the client address (for abuse review), or null. */
  ipHash: string | null;
  powVerified: boolean;
  now?: Date;
  /** The keyed hash of the canonical email address, when the caller has computed it already. */
  emailHash?: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** "Maryam Karimi" → "Maryam K." (first name and the initial of the last name, in any script). */
export function publicNameOf(fullName: string): string {
  const parts = fullName.trim().split(/\s+/u);
  const first = parts[0] ?? "";
  if (parts.length < 2) return first;
  const last = parts[parts.length - 1]!;
  const initial = graphemes.segment(last)[Symbol.iterator]().next().value?.segment ?? "";
  return `${first} ${initial}.`;
}

function absolute(path: string): string {
  return env().publicUrl + path;
}

/**
 * Issues a link's token for a signature: `<id>.<secret>` (ADR 0023). Only the SHA-256 of the secret is
 * stored; the id finds the row without an index on random values.
 */
export function issueSignatureToken(tx: Tx, signatureId: number, purpose: "confirm" | "withdraw", now = new Date()): string {
  const { token: secret, hash } = newToken();
  const row =
    purpose === "confirm"
      ? statements(tx).insertConfirmToken.get({ tokenHash: hash, signatureId, expiresAt: new Date(now.getTime() + confirmationValidDays * 86_400_000), createdAt: now })
      : statements(tx).insertWithdrawToken.get({ tokenHash: hash, signatureId, createdAt: now });
  return `${row!.id}.${secret}`;
}

function fromAddress() {
  return env().mail.from;
}

/** Discreet campaigns: a neutral sender name (the subjects and bodies are neutral too, see emails/). */
function senderName(discreet: boolean, locale: Locale): string | undefined {
  return discreet ? translate(locale, "email.discreet.from") : undefined;
}

/** RFC 8058 one-click unsubscribe, for supporters who asked for updates. */
function unsubscribeHeaders(url: string | null): Record<string, string> | undefined {
  return url ? { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : undefined;
}

/** What a submission of the form sets: on a new signature, and again on a pending one submitted anew. */
function submittedColumns(input: SignatureInput, locale: Locale) {
  return {
    emailEnc: encryptField("signatures.email", input.email),
    nameEnc: encryptField("signatures.name", input.fullName),
    country: input.country,
    commentEnc: encryptOptional("signatures.comment", input.comment),
    commentStatus: input.comment ? ("pending" as const) : ("none" as const),
    showPublicly: input.showPublicly,
    wantsUpdates: input.wantsUpdates,
    locale,
  };
}

/**
 * Records a submission of the sign form. New: a pending signature and its confirmation email. Pending: its
 * details updated and the confirmation sent again. Confirmed: a short "you have already signed" email. At
 * most `maxEmailsPerSignature` emails per signature; concurrent duplicates resolve to one signature.
 */
export function signPetition(db: Db, found: PetitionRow, input: SignatureInput, ctx: SignContext): SignOutcome {
  return db.transaction(() => recordSignature(db, found, input, ctx));
}

/**
 * The work of signPetition, for a caller that already runs it in a transaction or savepoint of its own (a
 * group commit: app/utils/group-commit.server.ts).
 */
export function recordSignature(tx: Tx, found: PetitionRow, input: SignatureInput, ctx: SignContext): SignOutcome {
  const now = ctx.now ?? new Date();
  const { petition } = found;
  const emailHash = ctx.emailHash ?? lookupHash("email", canonicalEmail(input.email));
  const title = petitionText(tx, petition.id, ctx.locale)?.value.title ?? "";
  const existing = statements(tx).existing.get({ petitionId: petition.id, emailHash });

  if (!existing) {
    const created = statements(tx).insertSignature.get({
      petitionId: petition.id,
      emailHash,
      ...submittedColumns(input, ctx.locale),
      ipHash: ctx.ipHash,
      powVerified: ctx.powVerified,
      createdAt: now,
      updatedAt: now,
    });
    if (!created) return "ignored";
    sendConfirmation(tx, created.id, input.email, input.fullName, title, ctx.locale, now, found.campaign.discreet);
    return "created";
  }

  if (now.getTime() - existing.updatedAt.getTime() < repeatWindowMs) return "repeat";
  if (existing.emailsSent >= maxEmailsPerSignature) return "limit-reached";

  if (existing.status === "pending") {
    // The latest submission wins: the confirmation goes to the mailbox's owner, who confirms what they see.
    tx.update(schema.signatures)
      .set({
        ...submittedColumns(input, ctx.locale),
        emailsSent: existing.emailsSent + 1,
        ipHash: ctx.ipHash ?? existing.ipHash,
        powVerified: ctx.powVerified || existing.powVerified,
        updatedAt: now,
      })
      .where(eq(schema.signatures.id, existing.id))
      .run();
    sendConfirmation(tx, existing.id, input.email, input.fullName, title, ctx.locale, now, found.campaign.discreet);
    return "resent";
  }

  if (existing.status === "confirmed") {
    tx.update(schema.signatures).set({ emailsSent: existing.emailsSent + 1, updatedAt: now }).where(eq(schema.signatures.id, existing.id)).run();
    const withdrawToken = issueSignatureToken(tx, existing.id, "withdraw", now);
    const unsubscribe = existing.wantsUpdates ? unsubscribeUrl(input.email, ctx.locale) : null;
    queueEmail(
      tx,
      {
        template: "signature-already",
        locale: ctx.locale,
        to: input.email,
        data: {
          name: decryptField("signatures.name", existing.nameEnc),
          petitionTitle: title,
          withdrawUrl: absolute(localizePath(ctx.locale, `/signatures/withdraw/${withdrawToken}`)),
          discreet: found.campaign.discreet,
          unsubscribeUrl: unsubscribe,
        },
        signatureId: existing.id,
        fromName: senderName(found.campaign.discreet, ctx.locale),
        headers: unsubscribeHeaders(unsubscribe),
      },
      fromAddress(),
      now,
    );
    return "already-confirmed";
  }

  // Invalidated by staff: nothing is sent, and the page still looks the same.
  return "ignored";
}

function sendConfirmation(tx: Tx, signatureId: number, email: string, name: string, title: string, locale: Locale, now: Date, discreet: boolean) {
  const confirmToken = issueSignatureToken(tx, signatureId, "confirm", now);
  const withdrawToken = issueSignatureToken(tx, signatureId, "withdraw", now);
  queueEmail(
    tx,
    {
      template: "signature-confirm",
      locale,
      to: email,
      data: {
        name,
        petitionTitle: title,
        confirmUrl: absolute(localizePath(locale, `/signatures/confirm/${confirmToken}`)),
        withdrawUrl: absolute(localizePath(locale, `/signatures/withdraw/${withdrawToken}`)),
        validDays: confirmationValidDays,
        discreet,
      },
      signatureId,
      fromName: senderName(discreet, locale),
    },
    fromAddress(),
    now,
  );
}

const selectorToken = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{20,100})$/;
const legacyToken = /^[A-Za-z0-9_-]{20,100}$/;

function findByToken(db: Tx | Db, token: string, purpose: "confirm" | "withdraw", now: Date) {
  // A placeholder in a condition is not encoded by the column: the time goes in as the stored milliseconds.
  const selected = selectorToken.exec(token);
  if (selected) {
    const id = Number(selected[1]);
    if (!Number.isSafeInteger(id)) return null;
    return statements(db).byToken.get({ id, tokenHash: tokenHash(selected[2]!), purpose, now: now.getTime() }) ?? null;
  }
  if (!legacyToken.test(token)) return null;
  return statements(db).byLegacyToken.get({ tokenHash: tokenHash(token), purpose, now: now.getTime() }) ?? null;
}

/** What a confirmation link shows before the button is pressed (a GET never changes anything). */
export function inspectConfirmToken(db: Db, token: string, locale: Locale, now = new Date()) {
  const found = findByToken(db, token, "confirm", now);
  if (!found || found.signature.status !== "pending") return null;
  return { petitionTitle: petitionText(db, found.petition.id, locale)?.value.title ?? "", petitionSlug: found.petition.slug };
}

export type ConfirmResult = { status: "confirmed"; petitionSlug: string } | { status: "invalid" };

export function confirmSignature(db: Db, token: string, now = new Date()): ConfirmResult {
  return db.transaction(() => recordConfirmation(db, token, now));
}

/** The work of confirmSignature, for a caller that already runs it in a transaction or savepoint of its own. */
export function recordConfirmation(tx: Tx, token: string, now = new Date()): ConfirmResult {
  const found = findByToken(tx, token, "confirm", now);
  if (!found || found.signature.status !== "pending") return { status: "invalid" } as const;
  const { signature, petition } = found;
  const name = decryptField("signatures.name", signature.nameEnc);
  statements(tx).confirm.run({ signatureId: signature.id, nowMs: now.getTime(), publicName: signature.showPublicly ? publicNameOf(name) : null });
  statements(tx).deleteConfirmTokens.run({ signatureId: signature.id });
  adjustCounts(tx, petition.id, signature.country, 1);

  const locale = signature.locale;
  const campaign = statements(tx).campaign.get({ campaignId: petition.campaignId })!;
  const withdrawToken = issueSignatureToken(tx, signature.id, "withdraw", now);
  const email = decryptField("signatures.email", signature.emailEnc);
  const unsubscribe = signature.wantsUpdates ? unsubscribeUrl(email, locale) : null;
  queueEmail(
    tx,
    {
      template: "signature-thanks",
      locale,
      to: email,
      fromName: senderName(campaign.discreet, locale),
      headers: unsubscribeHeaders(unsubscribe),
      data: {
        name,
        petitionTitle: petitionText(tx, petition.id, locale)?.value.title ?? "",
        petitionUrl: absolute(localizePath(locale, `/petitions/${petition.slug}`)),
        lettersUrl: absolute(localizePath(locale, `/campaigns/${campaign.slug}/letters`)),
        withdrawUrl: absolute(localizePath(locale, `/signatures/withdraw/${withdrawToken}`)),
        discreet: campaign.discreet,
        unsubscribeUrl: unsubscribe,
      },
      signatureId: signature.id,
    },
    fromAddress(),
    now,
  );
  return { status: "confirmed", petitionSlug: petition.slug } as const;
}

export function inspectWithdrawToken(db: Db, token: string, locale: Locale, now = new Date()) {
  const found = findByToken(db, token, "withdraw", now);
  if (!found) return null;
  return { petitionTitle: petitionText(db, found.petition.id, locale)?.value.title ?? "", petitionSlug: found.petition.slug };
}

export type WithdrawResult = { status: "withdrawn"; petitionSlug: string } | { status: "invalid" };

/** Deletes the signature and everything about it, and takes it out of every count. */
export function withdrawSignature(db: Db, token: string, now = new Date()): WithdrawResult {
  return db.transaction((tx) => {
    const found = findByToken(tx, token, "withdraw", now);
    if (!found) return { status: "invalid" } as const;
    const { signature, petition } = found;
    if (signature.status === "confirmed") adjustCounts(tx, petition.id, signature.country, -1);
    tx.delete(schema.outbox).where(eq(schema.outbox.signatureId, signature.id)).run();
    tx.delete(schema.signatures).where(eq(schema.signatures.id, signature.id)).run();
    return { status: "withdrawn", petitionSlug: petition.slug } as const;
  });
}
