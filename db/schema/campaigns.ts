import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, locale, timestamp, updatedAt, version } from "./columns";

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    status: text("status", { enum: ["draft", "published", "archived"] }).notNull().default("published"),
    /** The campaign shown at "/". */
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    /**
     * Discreet mode: emails to supporters carry a neutral sender name and subjects and bodies that do not name
     * the cause, for supporters whose mailbox may be read by others.
     */
    discreet: integer("discreet", { mode: "boolean" }).notNull().default(false),
    /** Path of the share image (Open Graph) under public/, e.g. "/images/share/1988-massacre.png". */
    shareImage: text("share_image"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("campaigns_slug_unique").on(t.slug),
    uniqueIndex("campaigns_one_featured").on(t.featured).where(sql`featured = 1`),
  ],
);

export const campaignTranslations = sqliteTable(
  "campaign_translations",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    locale: locale(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.locale] })],
);

export const sectionKinds = ["prose", "quotations", "timeline", "sources", "call_to_action"] as const;

export const campaignSections = sqliteTable(
  "campaign_sections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    kind: text("kind", { enum: sectionKinds }).notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("campaign_sections_key").on(t.campaignId, t.key)],
);

export const campaignSectionTranslations = sqliteTable(
  "campaign_section_translations",
  {
    sectionId: integer("section_id")
      .notNull()
      .references(() => campaignSections.id, { onDelete: "cascade" }),
    locale: locale(),
    heading: text("heading").notNull(),
    bodyMd: text("body_md").notNull(),
    /** bodyMd rendered and sanitised when saved, so that page views never parse Markdown. */
    bodyHtml: text("body_html").notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sectionId, t.locale] })],
);

export const quotations = sqliteTable(
  "quotations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("quotations_key").on(t.campaignId, t.key)],
);

export const quotationTranslations = sqliteTable(
  "quotation_translations",
  {
    quotationId: integer("quotation_id")
      .notNull()
      .references(() => quotations.id, { onDelete: "cascade" }),
    locale: locale(),
    topic: text("topic").notNull(),
    text: text("text").notNull(),
    attribution: text("attribution").notNull(),
    /** True when the text is our translation, not the words as published in this language. */
    isTranslation: integer("is_translation", { mode: "boolean" }).notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.quotationId, t.locale] })],
);

export const timelineEvents = sqliteTable(
  "timeline_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** ISO date as precise as known: "1988", "1988-12" or "1988-12-30". */
    date: text("date").notNull(),
    approximate: integer("approximate", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull(),
  },
  (t) => [index("timeline_events_campaign").on(t.campaignId, t.position)],
);

export const timelineEventTranslations = sqliteTable(
  "timeline_event_translations",
  {
    eventId: integer("event_id")
      .notNull()
      .references(() => timelineEvents.id, { onDelete: "cascade" }),
    locale: locale(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.locale] })],
);

export const sources = sqliteTable(
  "sources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    url: text("url"),
    publishedOn: text("published_on"),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("sources_key").on(t.campaignId, t.key)],
);

export const sourceTranslations = sqliteTable(
  "source_translations",
  {
    sourceId: integer("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    locale: locale(),
    title: text("title").notNull(),
    publisher: text("publisher").notNull(),
    note: text("note"),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.locale] })],
);

export const petitions = sqliteTable(
  "petitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    goal: integer("goal").notNull(),
    status: text("status", { enum: ["draft", "open", "closed"] }).notNull().default("open"),
    opensAt: timestamp("opens_at"),
    closesAt: timestamp("closes_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("petitions_slug_unique").on(t.slug), index("petitions_campaign").on(t.campaignId)],
);

export const petitionTranslations = sqliteTable(
  "petition_translations",
  {
    petitionId: integer("petition_id")
      .notNull()
      .references(() => petitions.id, { onDelete: "cascade" }),
    locale: locale(),
    title: text("title").notNull(),
    addressee: text("addressee").notNull(),
    bodyMd: text("body_md").notNull(),
    bodyHtml: text("body_html").notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.locale] })],
);
