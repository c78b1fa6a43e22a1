// Reading a petition for its public page: text, counts (from the counter tables, never by counting rows),
// the goal, recent public signers and counts by country with small counts suppressed.
import type Database from "better-sqlite3";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Locale } from "../i18n/locales";
import type { Db } from "../utils/db.server";
import { preparedFor, schema } from "../utils/db.server";
import { localesFor, pickTranslation } from "../utils/localized.server";
import { countryNames } from "../utils/countries.server";
import { decryptOptional } from "../utils/crypto.server";
import { contentStamp } from "../utils/content-version.server";

/** Anything that can run a query: the database or a transaction. */
export type Reader = Pick<Db, "select">;

const statements = {};

function petitionStatements(db: Reader) {
  return preparedFor(db as Db, statements, (d) => ({
    find: d
      .select({ petition: schema.petitions, campaign: schema.campaigns })
      .from(schema.petitions)
      .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.petitions.campaignId))
      .where(and(eq(schema.petitions.slug, sql.placeholder("slug")), inArray(schema.petitions.status, ["open", "closed"]), eq(schema.campaigns.status, "published")))
      .prepare(),
    texts: d
      .select()
      .from(schema.petitionTranslations)
      .where(and(eq(schema.petitionTranslations.petitionId, sql.placeholder("petitionId")), inArray(schema.petitionTranslations.locale, [sql.placeholder("locale"), sql.placeholder("fallback")])))
      .prepare(),
  }));
}

/**
 * Rows read on every request (the petition and its campaign by slug, its texts by language), remembered per
 * connection until the content changes (contentStamp): a surge of signatures reads the same few rows
 * thousands of times a second. The rows are shared by every caller: read them, never change them.
 */
const remembered = new WeakMap<object, { stamp: string; values: Map<string, unknown> }>();

function remember<T>(db: Reader, key: string, load: () => T): T {
  const client = (db as unknown as { session: { client: Database.Database } }).session.client;
  const stamp = contentStamp(client);
  let entry = remembered.get(client);
  if (!entry || entry.stamp !== stamp) remembered.set(client, (entry = { stamp, values: new Map() }));
  if (entry.values.has(key)) return entry.values.get(key) as T;
  const value = load();
  // Slugs come from URLs: a flood of made-up ones must not grow the map without end.
  if (entry.values.size >= 1000) entry.values.clear();
  entry.values.set(key, value);
  return value;
}

export function findPetition(db: Reader, slug: string) {
  return remember(db, `petition:${slug}`, () => petitionStatements(db).find.get({ slug }) ?? null);
}

export type PetitionRow = NonNullable<ReturnType<typeof findPetition>>;

/** Open for signatures: status open and, when dates are set, between opening and closing. */
export function isOpen(petition: PetitionRow["petition"], now = new Date()): boolean {
  if (petition.status !== "open") return false;
  if (petition.opensAt && petition.opensAt > now) return false;
  if (petition.closesAt && petition.closesAt <= now) return false;
  return true;
}

export function petitionText(db: Reader, petitionId: number, locale: Locale) {
  return remember(db, `texts:${petitionId}:${locale}`, () => {
    const [first, fallback = first] = localesFor(locale);
    const rows = petitionStatements(db).texts.all({ petitionId, locale: first, fallback });
    return pickTranslation(rows, locale);
  });
}

export function campaignTitle(db: Reader, campaignId: number, locale: Locale) {
  const rows = db
    .select()
    .from(schema.campaignTranslations)
    .where(and(eq(schema.campaignTranslations.campaignId, campaignId), inArray(schema.campaignTranslations.locale, localesFor(locale))))
    .all();
  return pickTranslation(rows, locale)?.value.title ?? "";
}

/**
 * The goal shown: the petition's goal until it is reached, then the next milestone (1, 2.5, 5 × 10ⁿ) above
 * the count.
 */
export function displayedGoal(count: number, goal: number): number {
  if (count < goal) return goal;
  for (let magnitude = 10; ; magnitude *= 10) {
    for (const step of [1, 2.5, 5]) {
      const milestone = step * magnitude;
      if (milestone > count && milestone > goal) return milestone;
    }
  }
}

export function confirmedCount(db: Reader, petitionId: number): number {
  return db.select({ n: schema.petitionCounts.confirmed }).from(schema.petitionCounts).where(eq(schema.petitionCounts.petitionId, petitionId)).get()?.n ?? 0;
}

export type PublicCount = { code: string; name: string; count: number | null };

/**
 * Confirmed signatures per country, largest first. A count below the threshold is published as null
 * ("fewer than N") so that no small community can be singled out.
 */
export function countsByCountry(db: Db, petitionId: number, locale: Locale, threshold: number): PublicCount[] {
  const names = countryNames(db, locale);
  return db
    .select({ code: schema.petitionCountryCounts.country, n: schema.petitionCountryCounts.confirmed })
    .from(schema.petitionCountryCounts)
    .where(and(eq(schema.petitionCountryCounts.petitionId, petitionId)))
    .orderBy(desc(schema.petitionCountryCounts.confirmed), asc(schema.petitionCountryCounts.country))
    .all()
    .filter((row) => row.n > 0)
    .map((row) => ({ code: row.code, name: names.get(row.code) ?? row.code, count: row.n >= threshold ? row.n : null }))
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name, locale));
}

export function recentPublicSigners(db: Db, petitionId: number, locale: Locale, limit = 10) {
  const names = countryNames(db, locale);
  return db
    .select({ name: schema.signatures.publicName, country: schema.signatures.country, confirmedAt: schema.signatures.confirmedAt })
    .from(schema.signatures)
    .where(and(eq(schema.signatures.petitionId, petitionId), eq(schema.signatures.status, "confirmed"), eq(schema.signatures.showPublicly, true)))
    .orderBy(desc(schema.signatures.confirmedAt))
    .limit(limit)
    .all()
    .filter((row) => row.name)
    .map((row) => ({ name: row.name!, country: names.get(row.country) ?? row.country }));
}

/** Comments staff approved, newest first, with the signer's public name (if they chose it) and country. */
export function approvedComments(db: Db, petitionId: number, locale: Locale, limit = 10) {
  const names = countryNames(db, locale);
  return db
    .select({ name: schema.signatures.publicName, country: schema.signatures.country, commentEnc: schema.signatures.commentEnc })
    .from(schema.signatures)
    .where(and(eq(schema.signatures.petitionId, petitionId), eq(schema.signatures.status, "confirmed"), eq(schema.signatures.commentStatus, "approved")))
    .orderBy(desc(schema.signatures.confirmedAt))
    .limit(limit)
    .all()
    .flatMap((row) => {
      const comment = decryptOptional("signatures.comment", row.commentEnc);
      return comment ? [{ name: row.name, country: names.get(row.country) ?? row.country, comment }] : [];
    });
}

/** Countries in the petition page's table (a signature from every country would make it 250 rows long). */
export const topCountries = 10;

export function getPetitionPage(db: Db, slug: string, locale: Locale, threshold: number, now = new Date()) {
  const found = findPetition(db, slug);
  if (!found) return null;
  const { petition, campaign } = found;
  const text = petitionText(db, petition.id, locale);
  if (!text) return null;
  const count = confirmedCount(db, petition.id);
  const countries = countsByCountry(db, petition.id, locale, threshold);
  return {
    slug: petition.slug,
    campaignSlug: campaign.slug,
    campaignTitle: campaignTitle(db, campaign.id, locale),
    shareImage: campaign.shareImage,
    open: isOpen(petition, now),
    opensAt: petition.opensAt?.toISOString() ?? null,
    status: petition.status,
    title: text.value.title,
    addressee: text.value.addressee,
    html: text.value.bodyHtml,
    locale: text.locale,
    fallback: text.fallback,
    count,
    goal: displayedGoal(count, petition.goal),
    recent: recentPublicSigners(db, petition.id, locale),
    comments: approvedComments(db, petition.id, locale),
    // The countries with the most signatures; every country is on the page of all countries.
    countries: countries.slice(0, topCountries),
    countryTotal: countries.length,
    threshold,
  };
}

export type PetitionPage = NonNullable<ReturnType<typeof getPetitionPage>>;
