// Reading a campaign for its public page. Every piece of content exists per language; where the reader's
// language is missing, the English text is used and marked as a fallback so the page can say so.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import type { Locale } from "../i18n/locales";
import { groupBy as group, localesFor, pickTranslation as pick } from "../utils/localized.server";

export type CampaignRef = { slug: string } | { featured: true };

export function findCampaign(db: Db, ref: CampaignRef) {
  const where =
    "slug" in ref
      ? and(eq(schema.campaigns.slug, ref.slug), eq(schema.campaigns.status, "published"))
      : and(eq(schema.campaigns.featured, true), eq(schema.campaigns.status, "published"));
  return db.select().from(schema.campaigns).where(where).get() ?? null;
}

export function getCampaignPage(db: Db, ref: CampaignRef, locale: Locale) {
  const campaign = findCampaign(db, ref);
  if (!campaign) return null;
  const locales = localesFor(locale);
  const campaignId = campaign.id;

  const translation = pick(
    db
      .select()
      .from(schema.campaignTranslations)
      .where(and(eq(schema.campaignTranslations.campaignId, campaignId), inArray(schema.campaignTranslations.locale, locales)))
      .all(),
    locale,
  );
  if (!translation) return null;

  const sectionRows = db
    .select({ section: schema.campaignSections, t: schema.campaignSectionTranslations })
    .from(schema.campaignSections)
    .innerJoin(schema.campaignSectionTranslations, eq(schema.campaignSectionTranslations.sectionId, schema.campaignSections.id))
    .where(and(eq(schema.campaignSections.campaignId, campaignId), inArray(schema.campaignSectionTranslations.locale, locales)))
    .orderBy(asc(schema.campaignSections.position))
    .all();
  const sections = [...group(sectionRows, (r) => r.section.id).values()].flatMap((rows) => {
    const t = pick(rows.map((r) => r.t), locale);
    const section = rows[0]!.section;
    return t ? [{ key: section.key, kind: section.kind, heading: t.value.heading, html: t.value.bodyHtml, locale: t.locale, fallback: t.fallback }] : [];
  });

  const quotationRows = db
    .select({ q: schema.quotations, t: schema.quotationTranslations })
    .from(schema.quotations)
    .innerJoin(schema.quotationTranslations, eq(schema.quotationTranslations.quotationId, schema.quotations.id))
    .where(and(eq(schema.quotations.campaignId, campaignId), inArray(schema.quotationTranslations.locale, locales)))
    .orderBy(asc(schema.quotations.position))
    .all();
  const quotations = [...group(quotationRows, (r) => r.q.id).values()].flatMap((rows) => {
    const t = pick(rows.map((r) => r.t), locale);
    return t
      ? [
          {
            key: rows[0]!.q.key,
            topic: t.value.topic,
            text: t.value.text,
            attribution: t.value.attribution,
            isTranslation: t.value.isTranslation,
            locale: t.locale,
            fallback: t.fallback,
          },
        ]
      : [];
  });

  const eventRows = db
    .select({ e: schema.timelineEvents, t: schema.timelineEventTranslations })
    .from(schema.timelineEvents)
    .innerJoin(schema.timelineEventTranslations, eq(schema.timelineEventTranslations.eventId, schema.timelineEvents.id))
    .where(and(eq(schema.timelineEvents.campaignId, campaignId), inArray(schema.timelineEventTranslations.locale, locales)))
    .orderBy(asc(schema.timelineEvents.position))
    .all();
  const timeline = [...group(eventRows, (r) => r.e.id).values()].flatMap((rows) => {
    const t = pick(rows.map((r) => r.t), locale);
    const event = rows[0]!.e;
    return t
      ? [{ date: event.date, approximate: event.approximate, title: t.value.title, description: t.value.description, locale: t.locale, fallback: t.fallback }]
      : [];
  });

  const sourceRows = db
    .select({ s: schema.sources, t: schema.sourceTranslations })
    .from(schema.sources)
    .innerJoin(schema.sourceTranslations, eq(schema.sourceTranslations.sourceId, schema.sources.id))
    .where(and(eq(schema.sources.campaignId, campaignId), inArray(schema.sourceTranslations.locale, locales)))
    .orderBy(asc(schema.sources.position))
    .all();
  const sources = [...group(sourceRows, (r) => r.s.id).values()].flatMap((rows) => {
    const t = pick(rows.map((r) => r.t), locale);
    const source = rows[0]!.s;
    return t
      ? [
          {
            key: source.key,
            url: source.url,
            publishedOn: source.publishedOn,
            title: t.value.title,
            publisher: t.value.publisher,
            note: t.value.note,
            locale: t.locale,
            fallback: t.fallback,
          },
        ]
      : [];
  });

  const petitionRows = db
    .select({ p: schema.petitions, t: schema.petitionTranslations })
    .from(schema.petitions)
    .innerJoin(schema.petitionTranslations, eq(schema.petitionTranslations.petitionId, schema.petitions.id))
    .where(and(eq(schema.petitions.campaignId, campaignId), inArray(schema.petitionTranslations.locale, locales), inArray(schema.petitions.status, ["open", "closed"])))
    .orderBy(asc(schema.petitions.id))
    .all();
  const petitions = [...group(petitionRows, (r) => r.p.id).values()].flatMap((rows) => {
    const t = pick(rows.map((r) => r.t), locale);
    const petition = rows[0]!.p;
    return t ? [{ slug: petition.slug, status: petition.status, goal: petition.goal, title: t.value.title, locale: t.locale, fallback: t.fallback }] : [];
  });

  const openPetition = petitions.find((p) => p.status === "open");
  const signatures = openPetition
    ? (db
        .select({ n: schema.petitionCounts.confirmed })
        .from(schema.petitionCounts)
        .innerJoin(schema.petitions, eq(schema.petitions.id, schema.petitionCounts.petitionId))
        .where(eq(schema.petitions.slug, openPetition.slug))
        .get()?.n ?? 0)
    : null;
  const letterRows = db.select().from(schema.letterCounts).where(eq(schema.letterCounts.campaignId, campaignId)).all();
  const lettersDelivered = letterRows.reduce((sum, r) => sum + r.delivered, 0);
  const statesReached = letterRows.filter((r) => r.delivered > 0).length;

  return {
    slug: campaign.slug,
    figures: { signatures, lettersDelivered, statesReached },
    featured: campaign.featured,
    shareImage: campaign.shareImage,
    title: translation.value.title,
    summary: translation.value.summary,
    locale: translation.locale,
    fallback: translation.fallback,
    sections,
    quotations,
    timeline,
    sources,
    petitions,
  };
}

export type CampaignPage = NonNullable<ReturnType<typeof getCampaignPage>>;
