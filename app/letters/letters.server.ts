// Letters to the representatives of UN member states: what a supporter may write and to whom, the
// submission (held until the writer confirms their address), the queueing of one email per recipient
// through the outbox, and what happens when a letter is delivered or bounces.
import crypto from "node:crypto";
import { and, asc, eq, gt, inArray, ne, or, isNull, sql } from "drizzle-orm";
import { localizePath, translate, type Locale } from "../i18n";
import { queueEmail, type DeliveryHooks } from "../mail/outbox.server";
import { decryptField, encryptField, encryptOptional, lookupHash, newToken, safeEqual, tokenHash } from "../utils/crypto.server";
import { countryNames } from "../utils/countries.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { canonicalEmail } from "../utils/email-address.server";
import { env } from "../utils/env.server";
import { keyring } from "../utils/keys.server";
import { localesFor, pickTranslation } from "../utils/localized.server";
import { fillTemplate, writerValues, type Writer } from "./merge";

type Tx = Pick<Db, "insert" | "update" | "select" | "delete">;
type Reader = Pick<Db, "select">;
type Recipient = typeof schema.recipients.$inferSelect;

export const confirmationValidDays = 7;
/** A browser that confirmed an address is trusted with it for this long. */
export const verifiedBrowserSeconds = 3600;
export const deliverableStatuses = ["unverified", "active"] as const;

export function isDeliverable(recipient: Pick<Recipient, "email" | "status">): boolean {
  return Boolean(recipient.email) && (deliverableStatuses as readonly string[]).includes(recipient.status);
}

export function letterSettings(db: Reader, campaignId: number) {
  const row = db.select().from(schema.letterSettings).where(eq(schema.letterSettings.campaignId, campaignId)).get();
  return (
    row ?? {
      campaignId,
      enabled: false,
      editable: true,
      maxLength: 4000,
      recipientMode: "residence" as const,
      groupId: null,
      maxStates: 1,
      maxLettersPerSupporter: 6,
      extraRecipientIds: [] as number[],
      version: 0,
      updatedAt: new Date(0),
    }
  );
}

export type LetterSettings = ReturnType<typeof letterSettings>;

export function letterTemplate(db: Reader, campaignId: number, locale: Locale) {
  const rows = db
    .select()
    .from(schema.letterTemplates)
    .where(and(eq(schema.letterTemplates.campaignId, campaignId), inArray(schema.letterTemplates.locale, localesFor(locale))))
    .all();
  return pickTranslation(rows, locale);
}

export function letterLocales(db: Reader, campaignId: number): Locale[] {
  return db
    .select({ locale: schema.letterTemplates.locale })
    .from(schema.letterTemplates)
    .where(eq(schema.letterTemplates.campaignId, campaignId))
    .orderBy(asc(schema.letterTemplates.locale))
    .all()
    .map((r) => r.locale);
}

export function memberStates(db: Reader): string[] {
  return db
    .select({ code: schema.countries.code })
    .from(schema.countries)
    .where(eq(schema.countries.unMember, true))
    .all()
    .map((r) => r.code);
}

/**
 * The member states a supporter may write to. In "residence" mode it is the state they live in; a supporter
 * living outside the UN's member states (a territory, an observer state) may choose any state instead.
 */
export function allowedStates(db: Reader, settings: LetterSettings, residence?: string | null): { states: string[]; fixed: boolean } {
  const members = memberStates(db);
  if (settings.recipientMode === "group" && settings.groupId) {
    const group = db
      .select({ code: schema.targetGroupMembers.country })
      .from(schema.targetGroupMembers)
      .where(eq(schema.targetGroupMembers.groupId, settings.groupId))
      .all()
      .map((r) => r.code);
    return { states: group.filter((c) => members.includes(c)), fixed: false };
  }
  if (settings.recipientMode === "residence" && residence && members.includes(residence)) return { states: [residence], fixed: true };
  return { states: members, fixed: false };
}

export interface RecipientView {
  id: number;
  kind: Recipient["kind"];
  state: string | null;
  name: string;
  salutation: string;
  email: string | null;
  deliverable: boolean;
  postalAddress: string | null;
  demo: boolean;
}

function view(recipient: Recipient, locale: Locale): RecipientView {
  return {
    id: recipient.id,
    kind: recipient.kind,
    state: recipient.country,
    name: (locale === "fa" && recipient.nameFa) || recipient.nameEn,
    salutation: locale === "fa" ? recipient.salutationFa : recipient.salutationEn,
    email: recipient.email,
    deliverable: isDeliverable(recipient),
    postalAddress: recipient.postalAddress,
    demo: recipient.demo,
  };
}

/** The missions of the given states (New York first, then Geneva), then the chosen extra recipients. */
export function recipientsFor(db: Reader, states: string[], extraIds: number[], locale: Locale): RecipientView[] {
  const missions = states.length
    ? db
        .select()
        .from(schema.recipients)
        .where(and(inArray(schema.recipients.country, states), inArray(schema.recipients.kind, ["mission_ny", "mission_geneva"])))
        .all()
    : [];
  missions.sort((a, b) => states.indexOf(a.country!) - states.indexOf(b.country!) || a.kind.localeCompare(b.kind) * -1);
  const extras = extraIds.length
    ? db.select().from(schema.recipients).where(and(inArray(schema.recipients.id, extraIds), eq(schema.recipients.kind, "other"))).all()
    : [];
  return [...missions, ...extras].map((r) => view(r, locale));
}

export function extraRecipients(db: Reader, settings: LetterSettings, locale: Locale): RecipientView[] {
  const ids = settings.extraRecipientIds ?? [];
  if (!ids.length) return [];
  return db
    .select()
    .from(schema.recipients)
    .where(and(inArray(schema.recipients.id, ids), eq(schema.recipients.kind, "other")))
    .all()
    .map((r) => view(r, locale));
}

export interface ComposedLetter {
  recipient: RecipientView;
  subject: string;
  body: string;
}

/** Fills the letter for each recipient, in the letter's language. */
export function composeLetters(
  db: Reader,
  { template, recipients, writer, letterLocale }: { template: { subject: string; body: string }; recipients: RecipientView[]; writer: Writer; letterLocale: Locale },
): ComposedLetter[] {
  const names = countryNames(db as Db, letterLocale);
  const countryName = names.get(writer.country) ?? writer.country;
  const supporter = writerValues({ ...writer, country: countryName }, translate(letterLocale, "letters.withheldName", { country: countryName }));
  return recipients.map((recipient) => {
    const values = {
      salutation: recipient.salutation,
      state: recipient.state ? (names.get(recipient.state) ?? recipient.state) : "",
      recipient: recipient.name,
      ...supporter,
    };
    return { recipient, subject: fillTemplate(template.subject, values), body: fillTemplate(template.body, values) };
  });
}

export interface LetterSubmission {
  campaignId: number;
  campaignSlug: string;
  recipients: RecipientView[];
  letterLocale: Locale;
  /** The template body as sent (edited by the supporter when the campaign allows it). */
  template: { subject: string; body: string };
  writer: Writer & { email: string };
  interfaceLocale: Locale;
  ipHash: string | null;
  /** The email hash this browser confirmed within the hour, if any (from its cookie). */
  verifiedEmailHash: string | null;
  settings: LetterSettings;
  now?: Date;
}

export type SubmitOutcome =
  | { outcome: "confirmation-sent"; batchId: number }
  | { outcome: "queued"; batchId: number; statusToken: string }
  | { outcome: "nothing-new"; batchId: number };

function absolute(path: string) {
  return env().publicUrl + path;
}

/** Discreet campaigns write to supporters under a neutral sender name (the letters to missions are unchanged). */
function discreetSender(discreet: boolean, locale: Locale): string | undefined {
  return discreet ? translate(locale, "email.discreet.from") : undefined;
}

/**
 * Records a submission: one letter per recipient (awaiting confirmation), skipping recipients this person
 * has already written to and anything over the campaign's per-supporter limit. The writer is asked to
 * confirm by email — unless this browser confirmed the same address within the hour, in which case the
 * letters are queued at once.
 */
export function submitLetters(db: Db, s: LetterSubmission): SubmitOutcome {
  const now = s.now ?? new Date();
  const emailHash = lookupHash("email", canonicalEmail(s.writer.email));
  const deliverable = s.recipients.filter((r) => r.deliverable);
  const letters = composeLetters(db, { template: s.template, recipients: deliverable, writer: s.writer, letterLocale: s.letterLocale });

  return db.transaction((tx) => {
    const discreet = tx.select({ discreet: schema.campaigns.discreet }).from(schema.campaigns).where(eq(schema.campaigns.id, s.campaignId)).get()?.discreet ?? false;
    const sender = discreetSender(discreet, s.interfaceLocale);
    const earlier = tx
      .select({ id: schema.letters.id, recipientId: schema.letters.recipientId, status: schema.letters.status })
      .from(schema.letters)
      .where(and(eq(schema.letters.campaignId, s.campaignId), eq(schema.letters.emailHash, emailHash), ne(schema.letters.status, "cancelled")))
      .all();
    // An unconfirmed earlier submission is replaced by this one.
    const unconfirmed = earlier.filter((l) => l.status === "awaiting_confirmation").map((l) => l.id);
    if (unconfirmed.length) tx.update(schema.letters).set({ status: "cancelled" }).where(inArray(schema.letters.id, unconfirmed)).run();
    const written = new Set(earlier.filter((l) => l.status !== "awaiting_confirmation").map((l) => l.recipientId));
    let room = Math.max(0, s.settings.maxLettersPerSupporter - written.size);
    const skipped: { name: string; reason: "already" | "limit" }[] = [];
    const chosen: ComposedLetter[] = [];
    for (const letter of letters) {
      if (written.has(letter.recipient.id)) skipped.push({ name: letter.recipient.name, reason: "already" });
      else if (room <= 0) skipped.push({ name: letter.recipient.name, reason: "limit" });
      else {
        chosen.push(letter);
        room -= 1;
      }
    }

    const batch = tx
      .insert(schema.letterBatches)
      .values({
        campaignId: s.campaignId,
        emailHash,
        emailEnc: encryptField("letters.email", s.writer.email),
        nameEnc: encryptField("letters.name", s.writer.name),
        cityEnc: encryptOptional("letters.city", s.writer.city),
        country: s.writer.country,
        reachable: s.writer.reachable,
        letterLocale: s.letterLocale,
        locale: s.interfaceLocale,
        status: chosen.length ? "awaiting_confirmation" : "cancelled",
        ipHash: s.ipHash,
        createdAt: now,
      })
      .returning({ id: schema.letterBatches.id })
      .get();

    for (const letter of chosen) {
      tx.insert(schema.letters)
        .values({
          batchId: batch.id,
          campaignId: s.campaignId,
          recipientId: letter.recipient.id,
          state: letter.recipient.state,
          emailHash,
          subjectEnc: encryptField("letters.subject", letter.subject),
          bodyEnc: encryptField("letters.body", letter.body),
          status: "awaiting_confirmation",
          createdAt: now,
        })
        .run();
    }

    if (!chosen.length) {
      queueEmail(
        tx,
        {
          template: "letter-confirm",
          locale: s.interfaceLocale,
          to: s.writer.email,
          data: { name: s.writer.name, recipients: [], skipped, confirmUrl: null, validDays: confirmationValidDays, discreet },
          fromName: sender,
        },
        env().mail.from,
        now,
      );
      return { outcome: "nothing-new", batchId: batch.id } as const;
    }

    if (s.verifiedEmailHash && s.verifiedEmailHash === emailHash) {
      const statusToken = queueBatch(tx, batch.id, now);
      return { outcome: "queued", batchId: batch.id, statusToken } as const;
    }

    const { token, hash } = newToken();
    tx.insert(schema.letterTokens)
      .values({ tokenHash: hash, batchId: batch.id, purpose: "confirm", expiresAt: new Date(now.getTime() + confirmationValidDays * 86_400_000), createdAt: now })
      .run();
    queueEmail(
      tx,
      {
        template: "letter-confirm",
        locale: s.interfaceLocale,
        to: s.writer.email,
        data: {
          name: s.writer.name,
          recipients: chosen.map((l) => l.recipient.name),
          skipped,
          confirmUrl: absolute(localizePath(s.interfaceLocale, `/letters/confirm/${token}`)),
          validDays: confirmationValidDays,
          discreet,
        },
        fromName: sender,
      },
      env().mail.from,
      now,
    );
    return { outcome: "confirmation-sent", batchId: batch.id } as const;
  });
}

/** A recipient-specific, unguessable opt-out link (no storage needed: an HMAC of the recipient's id). */
export function optOutToken(recipientId: number): string {
  const mac = crypto.createHmac("sha256", keyring().secretFor("recipient-opt-out")).update(String(recipientId)).digest("base64url").slice(0, 32);
  return `${recipientId}.${mac}`;
}

export function recipientFromOptOutToken(db: Reader, token: string): Recipient | null {
  const match = /^(\d{1,9})\.[A-Za-z0-9_-]{32}$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  if (!safeEqual(optOutToken(id), token)) return null;
  return db.select().from(schema.recipients).where(eq(schema.recipients.id, id)).get() ?? null;
}

/** Queues every letter of a confirmed batch through the outbox, and the writer's receipt. */
function queueBatch(tx: Tx, batchId: number, now: Date): string {
  const batch = tx.select().from(schema.letterBatches).where(eq(schema.letterBatches.id, batchId)).get()!;
  const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, batch.campaignId)).get()!;
  const campaignTitle =
    pickTranslation(
      tx.select().from(schema.campaignTranslations).where(eq(schema.campaignTranslations.campaignId, campaign.id)).all(),
      batch.letterLocale,
    )?.value.title ?? campaign.slug;
  const siteName = translate(batch.letterLocale, "site.name");
  const name = decryptField("letters.name", batch.nameEnc!);
  const email = decryptField("letters.email", batch.emailEnc!);
  const rows = tx
    .select({ letter: schema.letters, recipient: schema.recipients })
    .from(schema.letters)
    .innerJoin(schema.recipients, eq(schema.recipients.id, schema.letters.recipientId))
    .where(and(eq(schema.letters.batchId, batchId), eq(schema.letters.status, "awaiting_confirmation")))
    .all();
  const fromName = batch.reachable
    ? translate(batch.letterLocale, "letters.fromName", { name, campaign: campaignTitle })
    : translate(batch.letterLocale, "letters.fromNameWithheld", { campaign: campaignTitle });
  for (const { letter, recipient } of rows) {
    tx.update(schema.letters).set({ status: "queued", queuedAt: now }).where(eq(schema.letters.id, letter.id)).run();
    queueEmail(
      tx,
      {
        template: "letter",
        locale: batch.letterLocale,
        to: recipient.email!,
        data: {
          subject: decryptField("letters.subject", letter.subjectEnc!),
          body: decryptField("letters.body", letter.bodyEnc!),
          reachable: batch.reachable,
          campaignTitle,
          siteName,
          siteUrl: env().publicUrl,
          optOutUrl: absolute(`/recipients/opt-out/${optOutToken(recipient.id)}`),
        },
        letterId: letter.id,
        fromName,
        replyTo: batch.reachable ? email : undefined,
        recipientKey: `recipient:${recipient.id}`,
        headers: { "List-Unsubscribe": `<${absolute(`/recipients/opt-out/${optOutToken(recipient.id)}`)}>` },
      },
      env().mail.from,
      now,
    );
  }
  tx.update(schema.letterBatches).set({ status: "confirmed", confirmedAt: now }).where(eq(schema.letterBatches.id, batchId)).run();
  tx.delete(schema.letterTokens).where(and(eq(schema.letterTokens.batchId, batchId), eq(schema.letterTokens.purpose, "confirm"))).run();
  const { token, hash } = newToken();
  tx.insert(schema.letterTokens).values({ tokenHash: hash, batchId, purpose: "status", expiresAt: null, createdAt: now }).run();
  queueEmail(
    tx,
    {
      template: "letter-receipt",
      locale: batch.locale,
      to: email,
      data: {
        name,
        recipients: rows.map(({ recipient }) => (batch.locale === "fa" && recipient.nameFa) || recipient.nameEn),
        statusUrl: absolute(localizePath(batch.locale, `/letters/status/${token}`)),
        discreet: campaign.discreet,
      },
      fromName: discreetSender(campaign.discreet, batch.locale),
    },
    env().mail.from,
    now,
  );
  return token;
}

function findBatchByToken(db: Reader, token: string, purpose: "confirm" | "status", now: Date) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (
    db
      .select({ batch: schema.letterBatches, campaign: schema.campaigns })
      .from(schema.letterTokens)
      .innerJoin(schema.letterBatches, eq(schema.letterBatches.id, schema.letterTokens.batchId))
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.letterBatches.campaignId))
      .where(
        and(
          eq(schema.letterTokens.tokenHash, tokenHash(token)),
          eq(schema.letterTokens.purpose, purpose),
          or(isNull(schema.letterTokens.expiresAt), gt(schema.letterTokens.expiresAt, now)),
        ),
      )
      .get() ?? null
  );
}

function batchLetters(db: Reader, batchId: number, locale: Locale) {
  return db
    .select({ letter: schema.letters, recipient: schema.recipients })
    .from(schema.letters)
    .innerJoin(schema.recipients, eq(schema.recipients.id, schema.letters.recipientId))
    .where(and(eq(schema.letters.batchId, batchId), ne(schema.letters.status, "cancelled")))
    .orderBy(asc(schema.letters.id))
    .all()
    .map(({ letter, recipient }) => ({
      recipient: (locale === "fa" && recipient.nameFa) || recipient.nameEn,
      status: letter.status,
      sentAt: letter.sentAt?.toISOString() ?? null,
    }));
}

/** What a confirmation link shows before its button is pressed (a GET changes nothing). */
export function inspectLetterConfirmation(db: Db, token: string, locale: Locale, now = new Date()) {
  const found = findBatchByToken(db, token, "confirm", now);
  if (!found || found.batch.status !== "awaiting_confirmation") return null;
  return { campaignSlug: found.campaign.slug, letters: batchLetters(db, found.batch.id, locale) };
}

export type LetterConfirmResult =
  | { status: "confirmed"; campaignSlug: string; emailHash: string; statusToken: string }
  | { status: "invalid" };

export function confirmLetters(db: Db, token: string, now = new Date()): LetterConfirmResult {
  return db.transaction((tx) => {
    const found = findBatchByToken(tx, token, "confirm", now);
    if (!found || found.batch.status !== "awaiting_confirmation") return { status: "invalid" } as const;
    const statusToken = queueBatch(tx, found.batch.id, now);
    return { status: "confirmed", campaignSlug: found.campaign.slug, emailHash: found.batch.emailHash, statusToken } as const;
  });
}

export function letterStatusPage(db: Db, token: string, locale: Locale, now = new Date()) {
  const found = findBatchByToken(db, token, "status", now);
  if (!found) return null;
  return { campaignSlug: found.campaign.slug, letters: batchLetters(db, found.batch.id, locale) };
}

/** Remembers, for an hour, that this browser confirmed this address; returns the cookie's token. */
export function rememberVerifiedBrowser(db: Db, emailHash: string, now = new Date()): string {
  const { token, hash } = newToken();
  db.delete(schema.verifiedBrowsers).where(sql`${schema.verifiedBrowsers.expiresAt} < ${now.getTime()}`).run();
  db.insert(schema.verifiedBrowsers).values({ tokenHash: hash, emailHash, expiresAt: new Date(now.getTime() + verifiedBrowserSeconds * 1000) }).run();
  return token;
}

export function verifiedEmailHash(db: Reader, token: string | null | undefined, now = new Date()): string | null {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = db.select().from(schema.verifiedBrowsers).where(eq(schema.verifiedBrowsers.tokenHash, tokenHash(token))).get();
  return row && row.expiresAt > now ? row.emailHash : null;
}

/** Delivery outcomes of letters, applied by the outbox in the transaction that records them. */
export const letterDeliveryHooks: DeliveryHooks = {
  onDelivered(tx, row) {
    if (row.template !== "letter" || !row.letterId) return;
    const letter = tx.select().from(schema.letters).where(eq(schema.letters.id, row.letterId)).get();
    if (!letter) return;
    const now = new Date();
    tx.update(schema.letters).set({ status: "sent", sentAt: now, failureReason: null }).where(eq(schema.letters.id, letter.id)).run();
    tx.update(schema.recipients)
      .set({ status: "active", updatedAt: now })
      .where(and(eq(schema.recipients.id, letter.recipientId), eq(schema.recipients.status, "unverified")))
      .run();
    if (letter.state) {
      tx.insert(schema.letterCounts)
        .values({ campaignId: letter.campaignId, state: letter.state, delivered: 1 })
        .onConflictDoUpdate({
          target: [schema.letterCounts.campaignId, schema.letterCounts.state],
          set: { delivered: sql`${schema.letterCounts.delivered} + 1` },
        })
        .run();
    }
  },
  onPermanentFailure(tx, row, reason) {
    if (row.template !== "letter" || !row.letterId) return;
    const letter = tx.select().from(schema.letters).where(eq(schema.letters.id, row.letterId)).get();
    if (!letter) return;
    tx.update(schema.letters).set({ status: "failed", failureReason: reason }).where(eq(schema.letters.id, letter.id)).run();
    pauseRecipient(tx, letter.recipientId, "bouncing", reason);
  },
};

/**
 * Stops delivery to a recipient: sets the status and fails the letters still waiting for it (their writers
 * see it on their status page and can send the letter themselves).
 */
export function pauseRecipient(tx: Tx, recipientId: number, status: "bouncing" | "blocked" | "opted_out", reason: string) {
  tx.update(schema.recipients).set({ status, statusReason: reason, updatedAt: new Date() }).where(eq(schema.recipients.id, recipientId)).run();
  const waiting = tx
    .select({ id: schema.letters.id })
    .from(schema.letters)
    .where(and(eq(schema.letters.recipientId, recipientId), eq(schema.letters.status, "queued")))
    .all()
    .map((l) => l.id);
  if (!waiting.length) return;
  tx.update(schema.letters).set({ status: "failed", failureReason: `address ${status}` }).where(inArray(schema.letters.id, waiting)).run();
  tx.update(schema.outbox)
    .set({ status: "cancelled", toEnc: null, payloadEnc: null, lastError: `address ${status}` })
    .where(and(inArray(schema.outbox.letterId, waiting), eq(schema.outbox.status, "queued")))
    .run();
}

export function optOutRecipient(db: Db, recipientId: number) {
  db.transaction((tx) => pauseRecipient(tx, recipientId, "opted_out", "the recipient asked to stop"));
}

/** Letters delivered per member state, with small counts suppressed as elsewhere. */
export function letterCountsByState(db: Db, campaignId: number, locale: Locale, threshold: number) {
  const names = countryNames(db, locale);
  const rows = db.select().from(schema.letterCounts).where(eq(schema.letterCounts.campaignId, campaignId)).all();
  const total = rows.reduce((sum, r) => sum + r.delivered, 0);
  const states = rows
    .filter((r) => r.delivered > 0)
    .map((r) => ({ code: r.state, name: names.get(r.state) ?? r.state, count: r.delivered >= threshold ? r.delivered : null }))
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name, locale));
  return { total, states };
}
