// Campaign content and petitions as staff edit them: reading a campaign block by block in one content language,
// and saving one block (a section, a quotation, …) at a time. Every translation row carries a `version`: a save
// names the version it started from, the UPDATE only matches that version and increments it, so when two people
// edit the same block the second save changes nothing and gets the text now saved back (a conflict) instead of
// silently overwriting the first. Language-independent fields (a timeline date, a source's address) are checked
// the same way against the values the form was loaded with; petition settings against the petition's updatedAt.
// Each save is one transaction with its audit entry; the public page cache is purged after the commit.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Locale } from "../i18n/locales";
import { isLocale, locales } from "../i18n/locales";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import { contentChanged } from "../utils/content-version.server";
import { pageCache } from "../utils/page-cache.server";
import { audit } from "./auth.server";

export type ContentLocale = Locale;

/** Who saves, for the audit log. */
export interface Actor {
  userId: number | null;
  ipHash?: string | null;
}

// ---- validation ------------------------------------------------------------------------------------------

/** Maximum lengths, in characters (code points). */
export const limits = {
  campaignTitle: 300,
  summary: 2_000,
  heading: 300,
  body: 50_000,
  topic: 300,
  quotation: 5_000,
  attribution: 1_000,
  eventTitle: 300,
  description: 5_000,
  sourceTitle: 500,
  publisher: 300,
  note: 2_000,
  url: 2_000,
  petitionTitle: 300,
  addressee: 500,
} as const;

export const goalRange = { min: 1, max: 100_000_000 } as const;
export const petitionStatuses = ["draft", "open", "closed"] as const;
export type PetitionStatus = (typeof petitionStatuses)[number];

export type FieldErrorCode = "required" | "tooLong" | "control" | "url" | "isoDate" | "goal" | "status" | "dateTime" | "closesBeforeOpens";
export interface FieldError {
  code: FieldErrorCode;
  max?: number;
  min?: number;
}
export type FieldErrors = Partial<Record<string, FieldError>>;

/** The outcome of a save: saved (with the new version), refused for invalid input, or overtaken by another save. */
export type SaveResult<Current> =
  | { ok: true; version: number; created: boolean }
  | { ok: false; errors: FieldErrors }
  | { ok: false; conflict: Current }
  | { ok: false; notFound: true };

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** C0 and C1 control characters (tab and line breaks allowed in multi-line text), and broken UTF-16. */
export function hasControlCharacters(value: string, multiline: boolean): boolean {
  if (loneSurrogate.test(value)) return true;
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20) {
      if (!multiline || (c !== 0x09 && c !== 0x0a && c !== 0x0d)) return true;
    } else if (c >= 0x7f && c <= 0x9f) {
      return true;
    }
  }
  return false;
}

function characters(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/** Persian and Arabic-Indic digits (as a Persian keyboard types them) as ASCII digits, for numbers and dates. */
export function asciiDigits(value: string): string {
  return value.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

const isoDatePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** "1988", "1988-12" or "1988-12-30", a real date. */
export function isIsoDate(value: string): boolean {
  const m = isoDatePattern.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (month < 1 || month > 12) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The value of an HTML date-time input ("2026-05-01T09:30"), read as UTC; null when it is not one. */
export function parseDateTime(value: string): Date | null {
  const m = dateTimePattern.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day || hour! > 23 || minute! > 59 || second! > 59) return null;
  return date;
}

/** A Date as the value of an HTML date-time input, in UTC. */
export function dateTimeInputValue(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 16) : "";
}

class Checker {
  errors: FieldErrors = {};

  get valid() {
    return Object.keys(this.errors).length === 0;
  }

  /** One line of text: trimmed; no control characters at all. */
  line(field: string, raw: string, max: number, { required = true } = {}): string {
    const value = raw.trim();
    this.check(field, value, max, required, false);
    return value;
  }

  /** Multi-line text (Markdown): line breaks normalised, trailing blank space removed. */
  text(field: string, raw: string, max: number, { required = true } = {}): string {
    const value = raw.replace(/\r\n?/g, "\n").replace(/^(?:[ \t]*\n)+/, "").trimEnd();
    this.check(field, value, max, required, true);
    return value;
  }

  add(field: string, error: FieldError) {
    this.errors[field] ??= error;
  }

  private check(field: string, value: string, max: number, required: boolean, multiline: boolean) {
    if (required && value.trim() === "") this.add(field, { code: "required" });
    else if (characters(value) > max) this.add(field, { code: "tooLong", max });
    else if (hasControlCharacters(value, multiline)) this.add(field, { code: "control" });
  }
}

function validUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** What changed between the stored row and the new values (names only: content is in the rows themselves). */
function changedFields(before: Record<string, unknown> | null | undefined, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => !before || before[k] !== after[k]);
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The optimistic-locking step shared by every translation save: version 0 creates the missing row (refused
 * when it exists by now), any other version updates the row only if it still has that version.
 */
function writeVersioned<Current>(
  version: number,
  steps: { insert: () => number; update: () => number; current: () => Current | null },
): { ok: true; version: number; created: boolean } | { ok: false; conflict: Current } | { ok: false; notFound: true } {
  if (version === 0) {
    if (steps.insert() === 1) return { ok: true, version: 1, created: true };
  } else if (steps.update() === 1) {
    return { ok: true, version: version + 1, created: false };
  }
  const current = steps.current();
  return current ? { ok: false, conflict: current } : { ok: false, notFound: true };
}

function checkVersion(version: number) {
  if (!Number.isInteger(version) || version < 0) throw new RangeError("version must be a non-negative integer");
}

/** Runs a save and purges the public page cache once it has been committed. */
function committed<R extends { ok: boolean }>(db: Db, work: (tx: Tx) => R): R {
  const result = db.transaction(work);
  if (result.ok) {
    contentChanged();
    pageCache.purge();
  }
  return result;
}

// ---- reading ---------------------------------------------------------------------------------------------

function titlesByCampaign(db: Db, ids: number[]) {
  const titles = new Map<number, Partial<Record<Locale, string>>>();
  if (!ids.length) return titles;
  const rows = db
    .select({ id: schema.campaignTranslations.campaignId, locale: schema.campaignTranslations.locale, title: schema.campaignTranslations.title })
    .from(schema.campaignTranslations)
    .where(inArray(schema.campaignTranslations.campaignId, ids))
    .all();
  for (const r of rows) titles.set(r.id, { ...titles.get(r.id), [r.locale]: r.title });
  return titles;
}

function petitionsOf(db: Db, campaignIds: number[]) {
  if (!campaignIds.length) return [];
  const petitions = db.select().from(schema.petitions).where(inArray(schema.petitions.campaignId, campaignIds)).orderBy(asc(schema.petitions.id)).all();
  const titles = new Map<number, Partial<Record<Locale, string>>>();
  if (petitions.length) {
    const rows = db
      .select({ id: schema.petitionTranslations.petitionId, locale: schema.petitionTranslations.locale, title: schema.petitionTranslations.title })
      .from(schema.petitionTranslations)
      .where(
        inArray(
          schema.petitionTranslations.petitionId,
          petitions.map((p) => p.id),
        ),
      )
      .all();
    for (const r of rows) titles.set(r.id, { ...titles.get(r.id), [r.locale]: r.title });
  }
  return petitions.map((p) => ({ id: p.id, campaignId: p.campaignId, slug: p.slug, status: p.status, titles: titles.get(p.id) ?? {} }));
}

/** Every campaign, with its titles in each language and its petitions, for the staff list. */
export function listCampaignsForEditing(db: Db) {
  const campaigns = db.select().from(schema.campaigns).orderBy(asc(schema.campaigns.id)).all();
  const ids = campaigns.map((c) => c.id);
  const titles = titlesByCampaign(db, ids);
  const petitions = petitionsOf(db, ids);
  return campaigns.map((c) => ({
    slug: c.slug,
    status: c.status,
    featured: c.featured,
    titles: titles.get(c.id) ?? {},
    petitions: petitions.filter((p) => p.campaignId === c.id).map(({ slug, status, titles: t }) => ({ slug, status, titles: t })),
  }));
}

/**
 * One campaign's content in one language, block by block. A block whose translation is missing has
 * `translation: null` (saving it with version 0 creates it).
 */
export function getCampaignForEditing(db: Db, slug: string, locale: ContentLocale) {
  const campaign = db.select().from(schema.campaigns).where(eq(schema.campaigns.slug, slug)).get();
  if (!campaign) return null;
  const campaignId = campaign.id;
  const ct = schema.campaignTranslations;
  const translation = db
    .select({ title: ct.title, summary: ct.summary, version: ct.version })
    .from(ct)
    .where(and(eq(ct.campaignId, campaignId), eq(ct.locale, locale)))
    .get();

  const st = schema.campaignSectionTranslations;
  const sections = db
    .select({ s: schema.campaignSections, t: { heading: st.heading, bodyMd: st.bodyMd, bodyHtml: st.bodyHtml, version: st.version } })
    .from(schema.campaignSections)
    .leftJoin(st, and(eq(st.sectionId, schema.campaignSections.id), eq(st.locale, locale)))
    .where(eq(schema.campaignSections.campaignId, campaignId))
    .orderBy(asc(schema.campaignSections.position))
    .all()
    .map(({ s, t }) => ({ id: s.id, key: s.key, kind: s.kind, translation: t }));

  const qt = schema.quotationTranslations;
  const quotations = db
    .select({
      q: schema.quotations,
      t: { topic: qt.topic, text: qt.text, attribution: qt.attribution, isTranslation: qt.isTranslation, version: qt.version },
    })
    .from(schema.quotations)
    .leftJoin(qt, and(eq(qt.quotationId, schema.quotations.id), eq(qt.locale, locale)))
    .where(eq(schema.quotations.campaignId, campaignId))
    .orderBy(asc(schema.quotations.position))
    .all()
    .map(({ q, t }) => ({ id: q.id, key: q.key, translation: t }));

  const et = schema.timelineEventTranslations;
  const timeline = db
    .select({ e: schema.timelineEvents, t: { title: et.title, description: et.description, version: et.version } })
    .from(schema.timelineEvents)
    .leftJoin(et, and(eq(et.eventId, schema.timelineEvents.id), eq(et.locale, locale)))
    .where(eq(schema.timelineEvents.campaignId, campaignId))
    .orderBy(asc(schema.timelineEvents.position))
    .all()
    .map(({ e, t }) => ({ id: e.id, date: e.date, approximate: e.approximate, translation: t }));

  const srt = schema.sourceTranslations;
  const sources = db
    .select({ s: schema.sources, t: { title: srt.title, publisher: srt.publisher, note: srt.note, version: srt.version } })
    .from(schema.sources)
    .leftJoin(srt, and(eq(srt.sourceId, schema.sources.id), eq(srt.locale, locale)))
    .where(eq(schema.sources.campaignId, campaignId))
    .orderBy(asc(schema.sources.position))
    .all()
    .map(({ s, t }) => ({ id: s.id, key: s.key, url: s.url, publishedOn: s.publishedOn, translation: t }));

  const petitions = petitionsOf(db, [campaignId]).map(({ slug: petitionSlug, status, titles }) => ({ slug: petitionSlug, status, titles }));

  return {
    campaign: { id: campaignId, slug: campaign.slug, status: campaign.status, featured: campaign.featured, discreet: campaign.discreet },
    locale,
    translation: translation ?? null,
    sections,
    quotations,
    timeline,
    sources,
    petitions,
  };
}

export type CampaignForEditing = NonNullable<ReturnType<typeof getCampaignForEditing>>;

/** One petition: its text in one language and its language-independent settings. */
export function getPetitionForEditing(db: Db, slug: string, locale: ContentLocale) {
  const row = db
    .select({ p: schema.petitions, campaignSlug: schema.campaigns.slug })
    .from(schema.petitions)
    .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.petitions.campaignId))
    .where(eq(schema.petitions.slug, slug))
    .get();
  if (!row) return null;
  const pt = schema.petitionTranslations;
  const translation = db
    .select({ title: pt.title, addressee: pt.addressee, bodyMd: pt.bodyMd, bodyHtml: pt.bodyHtml, version: pt.version })
    .from(pt)
    .where(and(eq(pt.petitionId, row.p.id), eq(pt.locale, locale)))
    .get();
  const titles = petitionsOf(db, [row.p.campaignId]).find((p) => p.id === row.p.id)?.titles ?? {};
  return {
    petition: { id: row.p.id, slug: row.p.slug, campaignSlug: row.campaignSlug, titles },
    settings: settingsOf(row.p),
    locale,
    translation: translation ?? null,
  };
}

export type PetitionForEditing = NonNullable<ReturnType<typeof getPetitionForEditing>>;

type PetitionRow = typeof schema.petitions.$inferSelect;

/** Petition settings as the form shows them; `token` is the petition's updatedAt, for conflict detection. */
export type PetitionSettings = {
  goal: number;
  status: PetitionStatus;
  opensAt: string | null;
  closesAt: string | null;
  token: number;
};

function settingsOf(p: PetitionRow): PetitionSettings {
  return {
    goal: p.goal,
    status: p.status,
    opensAt: p.opensAt ? p.opensAt.toISOString() : null,
    closesAt: p.closesAt ? p.closesAt.toISOString() : null,
    token: p.updatedAt.getTime(),
  };
}

// ---- saving campaign content -----------------------------------------------------------------------------

export function parseContentLocale(value: unknown): ContentLocale {
  return isLocale(value) ? value : locales[0];
}

export interface CampaignTextInput {
  slug: string;
  locale: ContentLocale;
  title: string;
  summary: string;
  version: number;
}
export type CampaignTextCurrent = { title: string; summary: string; version: number };

/** The campaign's title and summary in one language. */
export function saveCampaignText(db: Db, input: CampaignTextInput, actor: Actor, now = new Date()): SaveResult<CampaignTextCurrent> {
  checkVersion(input.version);
  const check = new Checker();
  const title = check.line("title", input.title, limits.campaignTitle);
  const summary = check.text("summary", input.summary, limits.summary);
  if (!check.valid) return { ok: false, errors: check.errors };
  const t = schema.campaignTranslations;
  return committed(db, (tx) => {
    const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.slug, input.slug)).get();
    if (!campaign) return { ok: false, notFound: true } as const;
    const where = and(eq(t.campaignId, campaign.id), eq(t.locale, input.locale));
    const before = tx.select().from(t).where(where).get();
    const values = { title, summary };
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ campaignId: campaign.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () => tx.select({ title: t.title, summary: t.summary, version: t.version }).from(t).where(where).get() ?? null,
    });
    if (result.ok) {
      audit(tx, {
        userId: actor.userId,
        action: "content.campaign_saved",
        target: `campaign:${campaign.slug}/${input.locale}`,
        details: { locale: input.locale, version: result.version, created: result.created, changed: changedFields(before, values) },
        ipHash: actor.ipHash,
        now,
      });
    }
    return result;
  });
}

export interface SectionInput {
  sectionId: number;
  locale: ContentLocale;
  heading: string;
  bodyMd: string;
  version: number;
  /** When given, the section must belong to this campaign. */
  campaignSlug?: string;
}
export type SectionCurrent = { heading: string; bodyMd: string; bodyHtml: string; version: number };

/** Sections that are mostly their own text need a body; the others may be a heading over a list. */
const bodyRequired = new Set(["prose", "call_to_action"]);

/** A section's heading and Markdown body in one language; the HTML is rendered here, on save. */
export function saveSection(db: Db, input: SectionInput, actor: Actor, now = new Date()): SaveResult<SectionCurrent> {
  checkVersion(input.version);
  const t = schema.campaignSectionTranslations;
  return committed(db, (tx): SaveResult<SectionCurrent> => {
    const section = tx
      .select({ id: schema.campaignSections.id, key: schema.campaignSections.key, kind: schema.campaignSections.kind, slug: schema.campaigns.slug })
      .from(schema.campaignSections)
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.campaignSections.campaignId))
      .where(eq(schema.campaignSections.id, input.sectionId))
      .get();
    if (!section || (input.campaignSlug !== undefined && section.slug !== input.campaignSlug)) return { ok: false, notFound: true };
    const check = new Checker();
    const heading = check.line("heading", input.heading, limits.heading);
    const bodyMd = check.text("bodyMd", input.bodyMd, limits.body, { required: bodyRequired.has(section.kind) });
    if (!check.valid) return { ok: false, errors: check.errors };
    const values = { heading, bodyMd, bodyHtml: renderMarkdown(bodyMd) };
    const where = and(eq(t.sectionId, section.id), eq(t.locale, input.locale));
    const before = tx.select().from(t).where(where).get();
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ sectionId: section.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () => tx.select({ heading: t.heading, bodyMd: t.bodyMd, bodyHtml: t.bodyHtml, version: t.version }).from(t).where(where).get() ?? null,
    });
    if (result.ok) {
      audit(tx, {
        userId: actor.userId,
        action: "content.section_saved",
        target: `campaign:${section.slug}/section:${section.key}/${input.locale}`,
        details: { locale: input.locale, version: result.version, created: result.created, changed: changedFields(before, { heading, bodyMd }) },
        ipHash: actor.ipHash,
        now,
      });
    }
    return result;
  });
}

export interface QuotationInput {
  quotationId: number;
  locale: ContentLocale;
  topic: string;
  text: string;
  attribution: string;
  isTranslation: boolean;
  version: number;
  campaignSlug?: string;
}
export type QuotationCurrent = { topic: string; text: string; attribution: string; isTranslation: boolean; version: number };

/** A quotation's topic, exact words, attribution and whether the words are our translation, in one language. */
export function saveQuotation(db: Db, input: QuotationInput, actor: Actor, now = new Date()): SaveResult<QuotationCurrent> {
  checkVersion(input.version);
  const check = new Checker();
  const topic = check.line("topic", input.topic, limits.topic);
  const text = check.text("text", input.text, limits.quotation);
  const attribution = check.text("attribution", input.attribution, limits.attribution);
  if (!check.valid) return { ok: false, errors: check.errors };
  const values = { topic, text, attribution, isTranslation: Boolean(input.isTranslation) };
  const t = schema.quotationTranslations;
  return committed(db, (tx): SaveResult<QuotationCurrent> => {
    const quotation = tx
      .select({ id: schema.quotations.id, key: schema.quotations.key, slug: schema.campaigns.slug })
      .from(schema.quotations)
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.quotations.campaignId))
      .where(eq(schema.quotations.id, input.quotationId))
      .get();
    if (!quotation || (input.campaignSlug !== undefined && quotation.slug !== input.campaignSlug)) return { ok: false, notFound: true };
    const where = and(eq(t.quotationId, quotation.id), eq(t.locale, input.locale));
    const before = tx.select().from(t).where(where).get();
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ quotationId: quotation.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () =>
        tx.select({ topic: t.topic, text: t.text, attribution: t.attribution, isTranslation: t.isTranslation, version: t.version }).from(t).where(where).get() ??
        null,
    });
    if (result.ok) {
      audit(tx, {
        userId: actor.userId,
        action: "content.quotation_saved",
        target: `campaign:${quotation.slug}/quotation:${quotation.key}/${input.locale}`,
        details: { locale: input.locale, version: result.version, created: result.created, changed: changedFields(before, values) },
        ipHash: actor.ipHash,
        now,
      });
    }
    return result;
  });
}

export interface TimelineEventInput {
  eventId: number;
  locale: ContentLocale;
  title: string;
  description: string;
  /** Language-independent: the same in every language. */
  date: string;
  approximate: boolean;
  version: number;
  /** The language-independent values the form was loaded with: a save is refused if someone changed them since. */
  previous?: { date: string; approximate: boolean };
  campaignSlug?: string;
}
export type TimelineEventCurrent = { title: string; description: string; version: number; date: string; approximate: boolean };

/** A timeline event's title and description in one language, with its date (shared by all languages). */
export function saveTimelineEvent(db: Db, input: TimelineEventInput, actor: Actor, now = new Date()): SaveResult<TimelineEventCurrent> {
  checkVersion(input.version);
  const check = new Checker();
  const title = check.line("title", input.title, limits.eventTitle);
  const description = check.text("description", input.description, limits.description);
  const date = check.line("date", asciiDigits(input.date), 10);
  if (!check.errors.date && !isIsoDate(date)) check.add("date", { code: "isoDate" });
  if (!check.valid) return { ok: false, errors: check.errors };
  const approximate = Boolean(input.approximate);
  const t = schema.timelineEventTranslations;
  const e = schema.timelineEvents;
  return committed(db, (tx): SaveResult<TimelineEventCurrent> => {
    const event = tx
      .select({ id: e.id, date: e.date, approximate: e.approximate, slug: schema.campaigns.slug })
      .from(e)
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, e.campaignId))
      .where(eq(e.id, input.eventId))
      .get();
    if (!event || (input.campaignSlug !== undefined && event.slug !== input.campaignSlug)) return { ok: false, notFound: true };
    const where = and(eq(t.eventId, event.id), eq(t.locale, input.locale));
    const current = () => {
      const row = tx.select({ title: t.title, description: t.description, version: t.version }).from(t).where(where).get();
      return { title: row?.title ?? "", description: row?.description ?? "", version: row?.version ?? 0, date: event.date, approximate: event.approximate };
    };
    if (input.previous && (input.previous.date !== event.date || Boolean(input.previous.approximate) !== event.approximate)) {
      return { ok: false, conflict: current() };
    }
    const before = tx.select().from(t).where(where).get();
    const values = { title, description };
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ eventId: event.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () => (tx.select({ id: t.eventId }).from(t).where(where).get() ? current() : null),
    });
    if (!result.ok) return result;
    const shared = { date, approximate };
    const sharedChanged = changedFields({ date: event.date, approximate: event.approximate }, shared);
    if (sharedChanged.length) tx.update(e).set(shared).where(eq(e.id, event.id)).run();
    audit(tx, {
      userId: actor.userId,
      action: "content.timeline_event_saved",
      target: `campaign:${event.slug}/event:${event.id}/${input.locale}`,
      details: {
        locale: input.locale,
        version: result.version,
        created: result.created,
        changed: [...changedFields(before, values), ...sharedChanged],
        ...(sharedChanged.length ? { before: { date: event.date, approximate: event.approximate }, after: shared } : {}),
      },
      ipHash: actor.ipHash,
      now,
    });
    return result;
  });
}

export interface SourceInput {
  sourceId: number;
  locale: ContentLocale;
  title: string;
  publisher: string;
  note: string;
  /** Language-independent (empty for none). */
  url: string;
  publishedOn: string;
  version: number;
  previous?: { url: string | null; publishedOn: string | null };
  campaignSlug?: string;
}
export type SourceCurrent = { title: string; publisher: string; note: string; version: number; url: string; publishedOn: string };

/** A source's title, publisher and note in one language, with its address and date (shared by all languages). */
export function saveSource(db: Db, input: SourceInput, actor: Actor, now = new Date()): SaveResult<SourceCurrent> {
  checkVersion(input.version);
  const check = new Checker();
  const title = check.line("title", input.title, limits.sourceTitle);
  const publisher = check.line("publisher", input.publisher, limits.publisher);
  const note = check.text("note", input.note, limits.note, { required: false });
  const url = check.line("url", input.url, limits.url, { required: false });
  if (url && !check.errors.url && !validUrl(url)) check.add("url", { code: "url" });
  const publishedOn = check.line("publishedOn", asciiDigits(input.publishedOn), 10, { required: false });
  if (publishedOn && !check.errors.publishedOn && !isIsoDate(publishedOn)) check.add("publishedOn", { code: "isoDate" });
  if (!check.valid) return { ok: false, errors: check.errors };
  const t = schema.sourceTranslations;
  const s = schema.sources;
  return committed(db, (tx): SaveResult<SourceCurrent> => {
    const source = tx
      .select({ id: s.id, key: s.key, url: s.url, publishedOn: s.publishedOn, slug: schema.campaigns.slug })
      .from(s)
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, s.campaignId))
      .where(eq(s.id, input.sourceId))
      .get();
    if (!source || (input.campaignSlug !== undefined && source.slug !== input.campaignSlug)) return { ok: false, notFound: true };
    const where = and(eq(t.sourceId, source.id), eq(t.locale, input.locale));
    const current = () => {
      const row = tx.select({ title: t.title, publisher: t.publisher, note: t.note, version: t.version }).from(t).where(where).get();
      return {
        title: row?.title ?? "",
        publisher: row?.publisher ?? "",
        note: row?.note ?? "",
        version: row?.version ?? 0,
        url: source.url ?? "",
        publishedOn: source.publishedOn ?? "",
      };
    };
    if (input.previous && ((input.previous.url || null) !== source.url || (input.previous.publishedOn || null) !== source.publishedOn)) {
      return { ok: false, conflict: current() };
    }
    const before = tx.select().from(t).where(where).get();
    const values = { title, publisher, note: note || null };
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ sourceId: source.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () => (tx.select({ id: t.sourceId }).from(t).where(where).get() ? current() : null),
    });
    if (!result.ok) return result;
    const shared = { url: url || null, publishedOn: publishedOn || null };
    const sharedChanged = changedFields({ url: source.url, publishedOn: source.publishedOn }, shared);
    if (sharedChanged.length) tx.update(s).set(shared).where(eq(s.id, source.id)).run();
    audit(tx, {
      userId: actor.userId,
      action: "content.source_saved",
      target: `campaign:${source.slug}/source:${source.key}/${input.locale}`,
      details: {
        locale: input.locale,
        version: result.version,
        created: result.created,
        changed: [...changedFields(before, values), ...sharedChanged],
        ...(sharedChanged.length ? { before: { url: source.url, publishedOn: source.publishedOn }, after: shared } : {}),
      },
      ipHash: actor.ipHash,
      now,
    });
    return result;
  });
}

// ---- saving petitions ------------------------------------------------------------------------------------

export interface PetitionTextInput {
  petitionId: number;
  locale: ContentLocale;
  title: string;
  addressee: string;
  bodyMd: string;
  version: number;
}
export type PetitionTextCurrent = { title: string; addressee: string; bodyMd: string; bodyHtml: string; version: number };

/** A petition's title, addressee and Markdown text in one language. */
export function savePetitionText(db: Db, input: PetitionTextInput, actor: Actor, now = new Date()): SaveResult<PetitionTextCurrent> {
  checkVersion(input.version);
  const check = new Checker();
  const title = check.line("title", input.title, limits.petitionTitle);
  const addressee = check.line("addressee", input.addressee, limits.addressee);
  const bodyMd = check.text("bodyMd", input.bodyMd, limits.body);
  if (!check.valid) return { ok: false, errors: check.errors };
  const values = { title, addressee, bodyMd, bodyHtml: renderMarkdown(bodyMd) };
  const t = schema.petitionTranslations;
  return committed(db, (tx): SaveResult<PetitionTextCurrent> => {
    const petition = tx.select({ id: schema.petitions.id, slug: schema.petitions.slug }).from(schema.petitions).where(eq(schema.petitions.id, input.petitionId)).get();
    if (!petition) return { ok: false, notFound: true };
    const where = and(eq(t.petitionId, petition.id), eq(t.locale, input.locale));
    const before = tx.select().from(t).where(where).get();
    const result = writeVersioned(input.version, {
      insert: () => tx.insert(t).values({ petitionId: petition.id, locale: input.locale, ...values, version: 1, updatedAt: now }).onConflictDoNothing().run().changes,
      update: () =>
        tx
          .update(t)
          .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now })
          .where(and(where, eq(t.version, input.version)))
          .run().changes,
      current: () =>
        tx.select({ title: t.title, addressee: t.addressee, bodyMd: t.bodyMd, bodyHtml: t.bodyHtml, version: t.version }).from(t).where(where).get() ?? null,
    });
    if (result.ok) {
      audit(tx, {
        userId: actor.userId,
        action: "petitions.text_saved",
        target: `petition:${petition.slug}/${input.locale}`,
        details: { locale: input.locale, version: result.version, created: result.created, changed: changedFields(before, { title, addressee, bodyMd }) },
        ipHash: actor.ipHash,
        now,
      });
    }
    return result;
  });
}

export interface PetitionSettingsInput {
  petitionId: number;
  /** As typed: a whole number. */
  goal: string;
  status: string;
  /** HTML date-time input values, in UTC; empty for none. */
  opensAt: string;
  closesAt: string;
  /** The settings' `token` when the form was loaded. */
  token: number;
}

/** Goal, status and opening/closing times (the same in every language); changes are audited with before and after. */
export function savePetitionSettings(db: Db, input: PetitionSettingsInput, actor: Actor, now = new Date()): SaveResult<PetitionSettings> & { changed?: string[] } {
  const check = new Checker();
  const goalText = asciiDigits(input.goal).trim();
  const goal = /^\d{1,9}$/.test(goalText) ? Number(goalText) : NaN;
  if (!goalText) check.add("goal", { code: "required" });
  else if (!(goal >= goalRange.min && goal <= goalRange.max)) check.add("goal", { code: "goal", min: goalRange.min, max: goalRange.max });
  const status = (petitionStatuses as readonly string[]).includes(input.status) ? (input.status as PetitionStatus) : null;
  if (!status) check.add("status", { code: "status" });
  const opensText = asciiDigits(input.opensAt).trim();
  const closesText = asciiDigits(input.closesAt).trim();
  const opensAt = opensText ? parseDateTime(opensText) : null;
  if (opensText && !opensAt) check.add("opensAt", { code: "dateTime" });
  const closesAt = closesText ? parseDateTime(closesText) : null;
  if (closesText && !closesAt) check.add("closesAt", { code: "dateTime" });
  if (opensAt && closesAt && closesAt <= opensAt) check.add("closesAt", { code: "closesBeforeOpens" });
  if (!check.valid || !status) return { ok: false, errors: check.errors };
  const p = schema.petitions;
  return committed(db, (tx): SaveResult<PetitionSettings> & { changed?: string[] } => {
    const petition = tx.select().from(p).where(eq(p.id, input.petitionId)).get();
    if (!petition) return { ok: false, notFound: true };
    if (petition.updatedAt.getTime() !== input.token) return { ok: false, conflict: settingsOf(petition) };
    const before = settingsOf(petition);
    const after = { goal, status, opensAt: opensAt?.toISOString() ?? null, closesAt: closesAt?.toISOString() ?? null };
    const changed = changedFields(before, after);
    if (!changed.length) return { ok: true, version: before.token, created: false, changed };
    // The new token must differ from the old one even within the same millisecond.
    const updatedAt = new Date(Math.max(now.getTime(), petition.updatedAt.getTime() + 1));
    const updated = tx
      .update(p)
      .set({ goal, status, opensAt, closesAt, updatedAt })
      .where(and(eq(p.id, petition.id), eq(p.updatedAt, petition.updatedAt)))
      .run().changes;
    if (updated !== 1) return { ok: false, conflict: settingsOf(tx.select().from(p).where(eq(p.id, petition.id)).get()!) };
    audit(tx, {
      userId: actor.userId,
      action: "petitions.settings_changed",
      target: `petition:${petition.slug}`,
      details: {
        changed,
        before: { goal: before.goal, status: before.status, opensAt: before.opensAt, closesAt: before.closesAt },
        after,
      },
      ipHash: actor.ipHash,
      now,
    });
    return { ok: true, version: updatedAt.getTime(), created: false, changed };
  });
}

/**
 * Turns a campaign's discreet mode on or off: emails to its supporters then come from a neutral sender with
 * subjects and text that do not name the cause. Audited; idempotent (setting the same value changes nothing).
 */
export function setCampaignDiscreet(db: Db, slug: string, discreet: boolean, actor: Actor, now = new Date()): { ok: true; changed: boolean } | { ok: false; notFound: true } {
  const result = db.transaction((tx) => {
    const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.slug, slug)).get();
    if (!campaign) return { ok: false, notFound: true } as const;
    if (campaign.discreet === discreet) return { ok: true, changed: false } as const;
    tx.update(schema.campaigns).set({ discreet }).where(eq(schema.campaigns.id, campaign.id)).run();
    audit(tx, {
      userId: actor.userId,
      action: "campaigns.discreet_changed",
      target: `campaign:${slug}`,
      details: { before: campaign.discreet, after: discreet },
      ipHash: actor.ipHash,
      now,
    });
    return { ok: true, changed: true } as const;
  });
  if (result.ok && result.changed) contentChanged();
  return result;
}
