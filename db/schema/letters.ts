import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns";
import { countries } from "./countries";
import { createdAt, locale, timestamp, updatedAt, version } from "./columns";

const encrypted = (name: string) => blob(name, { mode: "buffer" });

export const recipientKinds = ["mission_ny", "mission_geneva", "other"] as const;
export const addressStatuses = ["unverified", "active", "bouncing", "blocked", "opted_out"] as const;

/**
 * Those who receive letters: each member state's permanent missions (New York, Geneva) and other
 * recipients staff add (special procedures, fact-finding missions). Addresses are institutional, never
 * invented: staff import them (app/letters/importer.server.ts). Letters are delivered to addresses that are
 * unverified or active; the other statuses pause delivery.
 */
export const recipients = sqliteTable(
  "recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: recipientKinds }).notNull(),
    /** The member state a mission represents (null for other recipients). */
    country: text("country").references(() => countries.code),
    /** Stable key for other recipients ("sr-iran"); missions are keyed by kind and country. */
    key: text("key"),
    nameEn: text("name_en").notNull(),
    nameFa: text("name_fa"),
    /** The formal salutation that opens a letter ("Excellency"). */
    salutationEn: text("salutation_en").notNull().default("Excellency"),
    salutationFa: text("salutation_fa").notNull().default("عالیجناب"),
    email: text("email"),
    status: text("status", { enum: addressStatuses }).notNull().default("unverified"),
    postalAddress: text("postal_address"),
    phone: text("phone"),
    website: text("website"),
    /** Where the address came from: "csv", "bluebook", "staff" or "demo". */
    source: text("source").notNull(),
    /** Demo addresses on example.org, for trying the platform locally; never in production. */
    demo: integer("demo", { mode: "boolean" }).notNull().default(false),
    statusReason: text("status_reason"),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("recipients_mission").on(t.kind, t.country).where(sql`kind <> 'other'`),
    uniqueIndex("recipients_key").on(t.key).where(sql`key IS NOT NULL`),
    index("recipients_country").on(t.country),
  ],
);

/** Named lists of member states (for example the members of the Human Rights Council). */
export const targetGroups = sqliteTable(
  "target_groups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    nameEn: text("name_en").notNull(),
    nameFa: text("name_fa").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("target_groups_key").on(t.key)],
);

export const targetGroupMembers = sqliteTable(
  "target_group_members",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => targetGroups.id, { onDelete: "cascade" }),
    country: text("country")
      .notNull()
      .references(() => countries.code),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.country] })],
);

/** A campaign's letter, per language: subject and body with merge fields ({{state}}, {{supporter.name}}…). */
export const letterTemplates = sqliteTable(
  "letter_templates",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    locale: locale(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.locale] })],
);

export const recipientModes = ["residence", "any_state", "group"] as const;

/** How supporters may write for a campaign. */
export const letterSettings = sqliteTable("letter_settings", {
  campaignId: integer("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Whether supporters may edit the body. */
  editable: integer("editable", { mode: "boolean" }).notNull().default(true),
  maxLength: integer("max_length").notNull().default(4000),
  /** residence: the missions of the supporter's country; any_state: a member state they choose; group: a state of the group. */
  recipientMode: text("recipient_mode", { enum: recipientModes }).notNull().default("residence"),
  groupId: integer("group_id").references(() => targetGroups.id, { onDelete: "set null" }),
  /** How many states one submission may address. */
  maxStates: integer("max_states").notNull().default(1),
  /** How many letters one supporter may send in this campaign, in all. */
  maxLettersPerSupporter: integer("max_letters_per_supporter").notNull().default(6),
  /** Other recipients (by id) a supporter may add to their letter, as a JSON array. */
  extraRecipientIds: text("extra_recipient_ids", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
  version: version(),
  updatedAt: updatedAt(),
});

/** One submission of the letter form: who wrote, and how they chose to appear. */
export const letterBatches = sqliteTable(
  "letter_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    emailHash: text("email_hash").notNull(),
    emailEnc: encrypted("email_enc"),
    nameEnc: encrypted("name_enc"),
    cityEnc: encrypted("city_enc"),
    /** Country of residence. */
    country: text("country").notNull(),
    /** True: name and email, Reply-To the supporter. False: "a verified supporter from <country>". */
    reachable: integer("reachable", { mode: "boolean" }).notNull(),
    /** The language of the letter. */
    letterLocale: locale(),
    /** The language the supporter used (their emails are in it). */
    locale: text("interface_locale", { enum: ["en", "fa"] }).notNull(),
    status: text("status", { enum: ["awaiting_confirmation", "confirmed", "cancelled"] }).notNull(),
    ipHash: text("ip_hash"),
    createdAt: createdAt(),
    confirmedAt: timestamp("confirmed_at"),
  },
  (t) => [
    index("letter_batches_email").on(t.campaignId, t.emailHash),
    index("letter_batches_status").on(t.status, t.createdAt),
    // Retention finds the client-address hashes to drop without reading every submission.
    index("letter_batches_ip_hash_age").on(t.createdAt).where(sql`ip_hash IS NOT NULL`),
  ],
);

export const letterStatuses = ["awaiting_confirmation", "queued", "sent", "failed", "cancelled"] as const;

/** One letter to one recipient. The text is encrypted; it is scrubbed some time after delivery. */
export const letters = sqliteTable(
  "letters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => letterBatches.id, { onDelete: "cascade" }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => recipients.id),
    /** The member state addressed (for public counts per state); null for other recipients. */
    state: text("state"),
    emailHash: text("email_hash").notNull(),
    subjectEnc: encrypted("subject_enc"),
    bodyEnc: encrypted("body_enc"),
    status: text("status", { enum: letterStatuses }).notNull(),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    queuedAt: timestamp("queued_at"),
    sentAt: timestamp("sent_at"),
  },
  (t) => [
    // One letter per supporter per recipient (cancelled ones do not count).
    uniqueIndex("letters_one_per_recipient").on(t.campaignId, t.emailHash, t.recipientId).where(sql`status <> 'cancelled'`),
    index("letters_batch").on(t.batchId),
    index("letters_recipient_status").on(t.recipientId, t.status),
    // Retention finds the letters whose text is still kept without reading every letter.
    index("letters_unscrubbed").on(t.status, t.sentAt).where(sql`body_enc IS NOT NULL`),
  ],
);

/** Links sent to letter writers: confirm a submission (7 days, single use) or follow its letters' status. */
export const letterTokens = sqliteTable(
  "letter_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    batchId: integer("batch_id")
      .notNull()
      .references(() => letterBatches.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["confirm", "status"] }).notNull(),
    expiresAt: timestamp("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [index("letter_tokens_batch").on(t.batchId), index("letter_tokens_expiry").on(t.expiresAt).where(sql`expires_at IS NOT NULL`)],
);

/**
 * A browser that confirmed an email address recently (cookie-bound): its next letter within the hour is not
 * confirmed again. Bound to the browser, so typing someone else's address never skips confirmation.
 */
export const verifiedBrowsers = sqliteTable("verified_browsers", {
  tokenHash: text("token_hash").primaryKey(),
  emailHash: text("email_hash").notNull(),
  expiresAt: timestamp("expires_at").notNull(),
});

/** Letters delivered per campaign and state, kept current on every delivery (public figures). */
export const letterCounts = sqliteTable(
  "letter_counts",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    state: text("state").notNull(),
    delivered: integer("delivered").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.state] })],
);
