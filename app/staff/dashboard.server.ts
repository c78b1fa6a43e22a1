// Figures for the staff dashboard: signatures per day, confirmation rate, signatures per country, letters per
// recipient and per state, and the health of the email outbox. Every figure is computed in SQLite (GROUP BY,
// counters), never by loading rows into the process. Days are UTC days.
import { and, asc, desc, eq, gt, gte, inArray, lte, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { schema, type Db } from "../utils/db.server";

const DAY_MS = 86_400_000;

/** "2026-03-01" for the UTC day with this number (days since the epoch). */
function isoDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export interface DayCounts {
  /** The UTC day, "YYYY-MM-DD". */
  day: string;
  /** Signatures submitted that day (any status: pending, confirmed or invalidated since). */
  submitted: number;
  /** Signatures confirmed that day and still confirmed (invalidated ones are not counted). */
  confirmed: number;
}

/**
 * Signatures submitted and confirmed per UTC day, for the last `days` days up to and including today, oldest
 * first, with every day present (zeros for quiet days). A signature counts as submitted on the day it was
 * created and as confirmed on the day it was confirmed.
 */
export function signaturesOverTime(db: Db, petitionId: number, options: { days?: number; now?: Date } = {}): DayCounts[] {
  const days = Math.max(1, Math.floor(options.days ?? 30));
  const today = Math.floor((options.now ?? new Date()).getTime() / DAY_MS);
  const firstDay = today - days + 1;
  // The day counters (kept by triggers on signatures: docs/decisions/0025-day-counters.md): one row a day.
  const c = schema.petitionDayCounts;
  const rows = db
    .select({ day: c.day, submitted: c.submitted, confirmed: c.confirmed })
    .from(c)
    .where(and(eq(c.petitionId, petitionId), gte(c.day, firstDay), lte(c.day, today)))
    .all();

  const series: DayCounts[] = [];
  for (let day = firstDay; day <= today; day++) series.push({ day: isoDay(day), submitted: 0, confirmed: 0 });
  for (const row of rows) {
    const entry = series[row.day - firstDay];
    if (entry) {
      entry.submitted = row.submitted;
      entry.confirmed = row.confirmed;
    }
  }
  return series;
}

export interface ConfirmationRate {
  /** Every signature submitted (all statuses). */
  submitted: number;
  confirmed: number;
  pending: number;
  invalidated: number;
  /** confirmed / (confirmed + pending + invalidated), 0..1; null when nothing was submitted. */
  rate: number | null;
}

/** How many submitted signatures were confirmed, from the day counters (a row a day, whatever the petition's size). */
export function confirmationRate(db: Db, petitionId: number): ConfirmationRate {
  const c = schema.petitionDayCounts;
  const total = (column: SQLiteColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  const row = db
    .select({ submitted: total(c.submitted), pending: total(c.pending), invalidated: total(c.invalidated) })
    .from(c)
    .where(eq(c.petitionId, petitionId))
    .get();
  const { submitted = 0, pending = 0, invalidated = 0 } = row ?? {};
  // Every signature is pending, confirmed or invalidated.
  const confirmed = submitted - pending - invalidated;
  return { submitted, confirmed, pending, invalidated, rate: submitted === 0 ? null : confirmed / submitted };
}

/**
 * Confirmed signatures per country of residence, most first (ties by country code), from the counter table.
 * Exact figures: staff see them unsuppressed, unlike the public map and table.
 */
export function signaturesByCountry(db: Db, petitionId: number): { code: string; count: number }[] {
  const c = schema.petitionCountryCounts;
  return db
    .select({ code: c.country, count: c.confirmed })
    .from(c)
    .where(and(eq(c.petitionId, petitionId), gt(c.confirmed, 0)))
    .orderBy(desc(c.confirmed), asc(c.country))
    .all();
}

export interface RecipientLetters {
  recipientId: number;
  /** The recipient's name in the requested language (the English name when there is no Persian one). */
  name: string;
  queued: number;
  sent: number;
  failed: number;
  /** Written, waiting for the writer to confirm their address. */
  awaiting: number;
}

/**
 * The recipients with the most letters in a campaign (queued + sent + failed + awaiting confirmation;
 * cancelled letters are left out), most first, at most `limit` (default 10).
 */
export function lettersByRecipient(db: Db, campaignId: number, locale: "en" | "fa", limit = 10): RecipientLetters[] {
  const l = schema.letters;
  const r = schema.recipients;
  const countOf = (status: (typeof schema.letterStatuses)[number]) => sql<number>`sum(${l.status} = ${status})`.mapWith(Number);
  const total = sql<number>`count(*)`;
  const name = locale === "fa" ? sql<string>`coalesce(nullif(${r.nameFa}, ''), ${r.nameEn})` : sql<string>`${r.nameEn}`;
  // "status <> 'cancelled'" is the condition of the (campaign_id, email_hash, recipient_id) partial index,
  // so SQLite reads the campaign's letters through it.
  return db
    .select({
      recipientId: l.recipientId,
      name,
      queued: countOf("queued"),
      sent: countOf("sent"),
      failed: countOf("failed"),
      awaiting: countOf("awaiting_confirmation"),
    })
    .from(l)
    .innerJoin(r, eq(r.id, l.recipientId))
    .where(and(eq(l.campaignId, campaignId), sql`${l.status} <> 'cancelled'`))
    .groupBy(l.recipientId)
    .orderBy(desc(total), asc(name), asc(l.recipientId))
    .limit(Math.max(0, Math.floor(limit)))
    .all();
}

/** Letters delivered per member state addressed, most first (ties by code), from the delivery counters. */
export function lettersByState(db: Db, campaignId: number): { code: string; sent: number }[] {
  const c = schema.letterCounts;
  return db
    .select({ code: c.state, sent: c.delivered })
    .from(c)
    .where(and(eq(c.campaignId, campaignId), gt(c.delivered, 0)))
    .orderBy(desc(c.delivered), asc(c.state))
    .all();
}

export interface OutboxHealth {
  queued: number;
  sending: number;
  /** Permanently failed (not retried any more). */
  failed: number;
  /** Delivered in the 24 hours before `now`. */
  sentLastDay: number;
  /** Age of the oldest queued message (since it was written), in whole seconds; null when none is queued. */
  oldestQueuedSeconds: number | null;
  /** Per template: queued and failed now, sent in the last 24 hours; templates with nothing to show are left out. */
  byTemplate: { template: string; queued: number; failed: number; sent: number }[];
  /** The 10 latest permanent failures, newest first. `createdAt` is an ISO timestamp. */
  recentFailures: { id: number; template: string; lastError: string | null; attempts: number; createdAt: string }[];
}

/** The state of the email outbox, for spotting a stuck queue or a failing template. */
export function outboxHealth(db: Db, now: Date = new Date()): OutboxHealth {
  const o = schema.outbox;
  const since = new Date(now.getTime() - DAY_MS);
  const n = sql<number>`count(*)`.mapWith(Number);

  // Every query names the status first: the (status, next_attempt_at) index narrows each to its rows.
  const byStatus = db
    .select({ status: o.status, n })
    .from(o)
    .where(inArray(o.status, ["queued", "sending", "failed"]))
    .groupBy(o.status)
    .all();
  const count = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;

  const sentRecently = and(eq(o.status, "sent"), gte(o.sentAt, since));
  const sentLastDay = db.select({ n }).from(o).where(sentRecently).get()?.n ?? 0;

  const oldest = db
    .select({ createdAt: sql<number | null>`min(${o.createdAt})` })
    .from(o)
    .where(eq(o.status, "queued"))
    .get()?.createdAt;
  const oldestQueuedSeconds =
    oldest === null || oldest === undefined ? null : Math.max(0, Math.floor((now.getTime() - Number(oldest)) / 1000));

  const byTemplate = db
    .select({
      template: o.template,
      queued: sql<number>`sum(${o.status} = 'queued')`.mapWith(Number),
      failed: sql<number>`sum(${o.status} = 'failed')`.mapWith(Number),
      sent: sql<number>`sum(${o.status} = 'sent')`.mapWith(Number),
    })
    .from(o)
    .where(or(inArray(o.status, ["queued", "failed"]), sentRecently))
    .groupBy(o.template)
    .orderBy(asc(o.template))
    .all();

  const recentFailures = db
    .select({ id: o.id, template: o.template, lastError: o.lastError, attempts: o.attempts, createdAt: o.createdAt })
    .from(o)
    .where(eq(o.status, "failed"))
    .orderBy(desc(o.id))
    .limit(10)
    .all()
    .map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));

  return {
    queued: count("queued"),
    sending: count("sending"),
    failed: count("failed"),
    sentLastDay,
    oldestQueuedSeconds,
    byTemplate,
    recentFailures,
  };
}
