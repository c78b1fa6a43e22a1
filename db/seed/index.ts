// The idempotent seed: reference data is brought up to date on every run; a campaign is inserted only when
// its slug is not in the database yet, so that staff edits are never overwritten.
import { eq, sql } from "drizzle-orm";
import { renderMarkdown } from "../../app/utils/markdown.server";
import type { Db } from "../../app/utils/db.server";
import * as schema from "../schema";
import { massacre1988 } from "./campaigns/massacre-1988";
import { countryRows } from "./countries";
import { contentChanged } from "../../app/utils/content-version.server";
import type { CampaignSeed, PerLocale } from "./types";

export const seedCampaigns: CampaignSeed[] = [massacre1988];

export function seedCountries(db: Db) {
  const rows = countryRows();
  db.transaction((tx) => {
    for (const row of rows) {
      tx.insert(schema.countries)
        .values(row)
        .onConflictDoUpdate({
          target: schema.countries.code,
          set: {
            alpha3: row.alpha3,
            numeric: row.numeric,
            nameEn: row.nameEn,
            nameFa: row.nameFa,
            officialNameEn: row.officialNameEn,
            unMember: row.unMember,
            unRegionalGroup: row.unRegionalGroup,
            region: row.region,
            subregion: row.subregion,
          },
        })
        .run();
    }
  });
  return rows.length;
}

function entries<T>(translations: PerLocale<T>) {
  return Object.entries(translations) as [keyof PerLocale<T> & string, T][];
}

/** Inserts the campaign with all its content; returns false when a campaign with that slug exists. */
export function insertCampaign(db: Db, seed: CampaignSeed): boolean {
  return db.transaction((tx) => {
    const existing = tx.select({ id: schema.campaigns.id }).from(schema.campaigns).where(eq(schema.campaigns.slug, seed.slug)).get();
    if (existing) return false;
    if (seed.featured) {
      tx.update(schema.campaigns).set({ featured: false }).where(eq(schema.campaigns.featured, true)).run();
    }
    const campaign = tx
      .insert(schema.campaigns)
      .values({ slug: seed.slug, featured: seed.featured, shareImage: seed.shareImage ?? null, status: "published" })
      .returning({ id: schema.campaigns.id })
      .get();
    const campaignId = campaign.id;
    for (const [locale, t] of entries(seed.translations)) {
      tx.insert(schema.campaignTranslations).values({ campaignId, locale, title: t.title, summary: t.summary }).run();
    }
    seed.sections.forEach((section, position) => {
      const { id } = tx
        .insert(schema.campaignSections)
        .values({ campaignId, key: section.key, kind: section.kind, position })
        .returning({ id: schema.campaignSections.id })
        .get();
      for (const [locale, t] of entries(section.translations)) {
        tx.insert(schema.campaignSectionTranslations)
          .values({ sectionId: id, locale, heading: t.heading, bodyMd: t.bodyMd, bodyHtml: renderMarkdown(t.bodyMd) })
          .run();
      }
    });
    seed.quotations.forEach((quotation, position) => {
      const { id } = tx
        .insert(schema.quotations)
        .values({ campaignId, key: quotation.key, position })
        .returning({ id: schema.quotations.id })
        .get();
      for (const [locale, t] of entries(quotation.translations)) {
        tx.insert(schema.quotationTranslations).values({ quotationId: id, locale, ...t }).run();
      }
    });
    seed.timeline.forEach((event, position) => {
      const { id } = tx
        .insert(schema.timelineEvents)
        .values({ campaignId, date: event.date, approximate: event.approximate ?? false, position })
        .returning({ id: schema.timelineEvents.id })
        .get();
      for (const [locale, t] of entries(event.translations)) {
        tx.insert(schema.timelineEventTranslations).values({ eventId: id, locale, ...t }).run();
      }
    });
    seed.sources.forEach((source, position) => {
      const { id } = tx
        .insert(schema.sources)
        .values({ campaignId, key: source.key, url: source.url ?? null, publishedOn: source.publishedOn ?? null, position })
        .returning({ id: schema.sources.id })
        .get();
      for (const [locale, t] of entries(source.translations)) {
        tx.insert(schema.sourceTranslations).values({ sourceId: id, locale, title: t.title, publisher: t.publisher, note: t.note ?? null }).run();
      }
    });
    for (const petition of seed.petitions) {
      const { id } = tx
        .insert(schema.petitions)
        .values({ campaignId, slug: petition.slug, goal: petition.goal, status: petition.status })
        .returning({ id: schema.petitions.id })
        .get();
      for (const [locale, t] of entries(petition.translations)) {
        tx.insert(schema.petitionTranslations)
          .values({ petitionId: id, locale, title: t.title, addressee: t.addressee, bodyMd: t.bodyMd, bodyHtml: renderMarkdown(t.bodyMd) })
          .run();
      }
    }
    if (seed.letters) {
      const { templates, ...settings } = seed.letters;
      tx.insert(schema.letterSettings).values({ campaignId, enabled: true, ...settings }).run();
      for (const [locale, t] of entries(templates)) {
        tx.insert(schema.letterTemplates).values({ campaignId, locale, subject: t.subject, body: t.body }).run();
      }
    }
    return true;
  });
}

export interface SeedReport {
  countries: number;
  unMembers: number;
  campaignsAdded: string[];
}

export function seed(db: Db): SeedReport {
  const countries = seedCountries(db);
  const campaignsAdded = seedCampaigns.filter((c) => insertCampaign(db, c)).map((c) => c.slug);
  if (campaignsAdded.length > 0) contentChanged();
  const unMembers = db
    .select({ n: sql<number>`count(*)` })
    .from(schema.countries)
    .where(eq(schema.countries.unMember, true))
    .get()!.n;
  return { countries, unMembers, campaignsAdded };
}
