// What the staff pages for letters and recipients read and write: a campaign's letter rules and templates,
// the recipients (list, status, edit, import) and the target groups. Every change is checked here (the
// routes only read forms and render), is made in one transaction with an optimistic version check where the
// table has one, and is written to the audit log (counts, field names and codes: never a supporter's data).
// Error values are catalogue keys, so that the pages show them in the reader's language.
import crypto from "node:crypto";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { locales, translate, type Locale, type MessageKey } from "../i18n";
import { deleteTargetGroup, listTargetGroups, setTargetGroup, type TargetGroup } from "../letters/groups.server";
import {
  applyImport,
  ImportRefusedError,
  isValidEmail,
  isValidWebsite,
  parseRecipientsFile,
  planImport,
  type AddressStatus,
  type ImportFormat,
  type ImportPlan,
  type MissionKind,
  type RecipientKind,
} from "../letters/importer.server";
import { letterSettings, pauseRecipient, type LetterSettings } from "../letters/letters.server";
import { fillTemplate, unknownFields } from "../letters/merge";
import { countryNames } from "../utils/countries.server";
import { schema, type Db } from "../utils/db.server";
import { pickTranslation } from "../utils/localized.server";
import { audit } from "./auth.server";
import { controlInLine, controlInText } from "../utils/characters";

type Recipient = typeof schema.recipients.$inferSelect;

/** Who makes a change (for the audit log). */
export interface Actor {
  userId: number | null;
  ipHash?: string | null;
}

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;

/** The outcome of a save with a version check. */
export type SaveResult<F extends string> =
  | { status: "saved"; version: number }
  | { status: "invalid"; errors: FieldErrors<F> }
  /** Someone else saved first: nothing was written; `currentVersion` is the version now stored. */
  | { status: "conflict"; currentVersion: number };

/** The parts of FormData the readers below use (FormData itself, or URLSearchParams in tests). */
export interface FormLike {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

function text(form: FormLike, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function texts(form: FormLike, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

function versionFrom(form: FormLike): number {
  const n = Number(text(form, "version"));
  return Number.isInteger(n) && n >= 0 ? n : -1;
}


/** One line of text: trimmed, runs of white space as one space. */
function oneLine(value: string): string {
  return value.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** Several lines: line breaks normalised, each line trimmed at its end, blank lines at the ends dropped. */
function multiLine(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

const keyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ---- campaigns -------------------------------------------------------------------------------------------

export interface LetterCampaign {
  id: number;
  slug: string;
  status: "draft" | "published" | "archived";
  title: string;
}

function campaignTitles(db: Db, locale: Locale, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = db
    .select({ campaignId: schema.campaignTranslations.campaignId, locale: schema.campaignTranslations.locale, title: schema.campaignTranslations.title })
    .from(schema.campaignTranslations)
    .where(inArray(schema.campaignTranslations.campaignId, ids))
    .all();
  const titles = new Map<number, string>();
  for (const id of ids) {
    const picked = pickTranslation(
      rows.filter((r) => r.campaignId === id),
      locale,
    );
    if (picked) titles.set(id, picked.value.title);
  }
  return titles;
}

/** A campaign by slug, whatever its status (staff prepare drafts too). */
export function findLetterCampaign(db: Db, slug: string, locale: Locale): LetterCampaign | null {
  const row = db.select().from(schema.campaigns).where(eq(schema.campaigns.slug, slug)).get();
  if (!row) return null;
  return { id: row.id, slug: row.slug, status: row.status, title: campaignTitles(db, locale, [row.id]).get(row.id) ?? row.slug };
}

export interface LetterCampaignSummary extends LetterCampaign {
  /** null: the campaign has no letter rules yet (letters are off). */
  settings: (Omit<LetterSettings, "updatedAt" | "campaignId"> & { groupName: string | null }) | null;
  templates: Locale[];
}

/** Every campaign with its letter rules and the languages of its templates. */
export function listLetterCampaigns(db: Db, locale: Locale): LetterCampaignSummary[] {
  const campaigns = db.select().from(schema.campaigns).orderBy(asc(schema.campaigns.id)).all();
  const titles = campaignTitles(
    db,
    locale,
    campaigns.map((c) => c.id),
  );
  const settings = new Map(db.select().from(schema.letterSettings).all().map((s) => [s.campaignId, s]));
  const templates = db.select({ campaignId: schema.letterTemplates.campaignId, locale: schema.letterTemplates.locale }).from(schema.letterTemplates).all();
  const groups = new Map(db.select().from(schema.targetGroups).all().map((g) => [g.id, locale === "fa" ? g.nameFa : g.nameEn]));
  return campaigns.map((c) => {
    const s = settings.get(c.id);
    return {
      id: c.id,
      slug: c.slug,
      status: c.status,
      title: titles.get(c.id) ?? c.slug,
      settings: s
        ? {
            enabled: s.enabled,
            editable: s.editable,
            maxLength: s.maxLength,
            recipientMode: s.recipientMode,
            groupId: s.groupId,
            groupName: s.groupId ? (groups.get(s.groupId) ?? null) : null,
            maxStates: s.maxStates,
            maxLettersPerSupporter: s.maxLettersPerSupporter,
            extraRecipientIds: s.extraRecipientIds,
            version: s.version,
          }
        : null,
      templates: locales.filter((l) => templates.some((t) => t.campaignId === c.id && t.locale === l)),
    };
  });
}

// ---- letter rules ------------------------------------------------------------------------------------------

export const settingsLimits = {
  maxLength: { min: 200, max: 20_000 },
  maxStates: { min: 1, max: 10 },
  maxLettersPerSupporter: { min: 1, max: 100 },
} as const;

export type SettingsField = "maxLength" | "recipientMode" | "groupId" | "maxStates" | "maxLettersPerSupporter" | "extraRecipientIds";

/** The rules form as typed (kept as text so that a refused form shows what was submitted). */
export interface SettingsValues {
  enabled: boolean;
  editable: boolean;
  maxLength: string;
  recipientMode: string;
  groupId: string;
  maxStates: string;
  maxLettersPerSupporter: string;
  extraRecipientIds: string[];
  /** The version the form was loaded with (0: no rules stored yet). */
  version: number;
}

export function settingsValues(s: LetterSettings): SettingsValues {
  return {
    enabled: s.enabled,
    editable: s.editable,
    maxLength: String(s.maxLength),
    recipientMode: s.recipientMode,
    groupId: s.groupId ? String(s.groupId) : "",
    maxStates: String(s.maxStates),
    maxLettersPerSupporter: String(s.maxLettersPerSupporter),
    extraRecipientIds: (s.extraRecipientIds ?? []).map(String),
    version: s.version,
  };
}

export function settingsValuesFromForm(form: FormLike): SettingsValues {
  return {
    enabled: text(form, "enabled") === "on",
    editable: text(form, "editable") === "on",
    maxLength: text(form, "maxLength").trim(),
    recipientMode: text(form, "recipientMode"),
    groupId: text(form, "groupId"),
    maxStates: text(form, "maxStates").trim(),
    maxLettersPerSupporter: text(form, "maxLettersPerSupporter").trim(),
    extraRecipientIds: texts(form, "extraRecipientIds"),
    version: versionFrom(form),
  };
}

function wholeNumber(value: string, { min, max }: { min: number; max: number }): number | null {
  // Persian and Arabic-Indic digits typed on a Persian keyboard count as digits.
  const latin = value.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[,٬\s]/g, "");
  if (!/^\d{1,7}$/.test(latin)) return null;
  const n = Number(latin);
  return n >= min && n <= max ? n : null;
}

type SettingsRow = Omit<typeof schema.letterSettings.$inferInsert, "campaignId" | "version" | "updatedAt">;

export function validateSettings(db: Db, values: SettingsValues): { errors: FieldErrors<SettingsField>; row: SettingsRow | null } {
  const errors: FieldErrors<SettingsField> = {};
  const maxLength = wholeNumber(values.maxLength, settingsLimits.maxLength);
  if (maxLength === null) errors.maxLength = "staffLetters.error.range";
  const maxStates = wholeNumber(values.maxStates, settingsLimits.maxStates);
  if (maxStates === null) errors.maxStates = "staffLetters.error.range";
  const maxLettersPerSupporter = wholeNumber(values.maxLettersPerSupporter, settingsLimits.maxLettersPerSupporter);
  if (maxLettersPerSupporter === null) errors.maxLettersPerSupporter = "staffLetters.error.range";
  const mode = (schema.recipientModes as readonly string[]).includes(values.recipientMode) ? (values.recipientMode as LetterSettings["recipientMode"]) : null;
  if (!mode) errors.recipientMode = "staffLetters.error.choose";
  let groupId: number | null = null;
  if (values.groupId) {
    const found = db.select({ id: schema.targetGroups.id }).from(schema.targetGroups).where(eq(schema.targetGroups.id, Number(values.groupId) || 0)).get();
    if (found) groupId = found.id;
    else errors.groupId = "staffLetters.settings.error.groupMissing";
  } else if (mode === "group") errors.groupId = "staffLetters.settings.error.groupRequired";
  const wanted = [...new Set(values.extraRecipientIds.map(Number).filter((n) => Number.isInteger(n) && n > 0))];
  if (wanted.length !== values.extraRecipientIds.length) errors.extraRecipientIds = "staffLetters.settings.error.extras";
  const others = wanted.length
    ? db
        .select({ id: schema.recipients.id })
        .from(schema.recipients)
        .where(and(inArray(schema.recipients.id, wanted), eq(schema.recipients.kind, "other")))
        .all()
        .map((r) => r.id)
    : [];
  if (others.length !== wanted.length) errors.extraRecipientIds = "staffLetters.settings.error.extras";
  if (Object.keys(errors).length) return { errors, row: null };
  return {
    errors,
    row: {
      enabled: values.enabled,
      editable: values.editable,
      maxLength: maxLength!,
      recipientMode: mode!,
      // A group is kept only in group mode (another mode would ignore it).
      groupId: mode === "group" ? groupId : null,
      maxStates: maxStates!,
      maxLettersPerSupporter: maxLettersPerSupporter!,
      extraRecipientIds: [...others].sort((a, b) => a - b),
    },
  };
}

/** Saves a campaign's rules if nobody saved them since `values.version` was loaded. */
export function saveLetterSettings(db: Db, campaignId: number, values: SettingsValues, actor: Actor, now = new Date()): SaveResult<SettingsField> {
  const { errors, row } = validateSettings(db, values);
  if (!row) return { status: "invalid", errors };
  return db.transaction((tx) => {
    const current = tx.select().from(schema.letterSettings).where(eq(schema.letterSettings.campaignId, campaignId)).get();
    let version: number;
    if (values.version === 0) {
      const inserted = tx
        .insert(schema.letterSettings)
        .values({ campaignId, ...row, version: 1, updatedAt: now })
        .onConflictDoNothing()
        .run();
      if (inserted.changes !== 1) return { status: "conflict", currentVersion: current?.version ?? 0 } as const;
      version = 1;
    } else {
      const updated = tx
        .update(schema.letterSettings)
        .set({ ...row, version: sql`${schema.letterSettings.version} + 1`, updatedAt: now })
        .where(and(eq(schema.letterSettings.campaignId, campaignId), eq(schema.letterSettings.version, values.version)))
        .run();
      if (updated.changes !== 1) return { status: "conflict", currentVersion: current?.version ?? 0 } as const;
      version = values.version + 1;
    }
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(row) as [keyof SettingsRow, unknown][]) {
      const from = current ? current[field] : undefined;
      if (JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from: from ?? null, to };
    }
    audit(tx, { userId: actor.userId, action: "letters.settings_saved", target: `campaign:${campaignId}`, details: { version, changed }, ipHash: actor.ipHash, now });
    return { status: "saved", version } as const;
  });
}

// ---- templates -----------------------------------------------------------------------------------------------

export const templateLimits = { subjectMax: 300, bodyMax: 20_000 } as const;

export type TemplateField = "subject" | "body";

export interface TemplateValues {
  subject: string;
  body: string;
  /** The version the form was loaded with (0: a new template for this language). */
  version: number;
}

export interface StoredTemplate {
  subject: string;
  body: string;
  version: number;
  updatedAt: string;
}

/** The campaign's template in each language (null where there is none yet). */
export function letterTemplates(db: Db, campaignId: number): Record<Locale, StoredTemplate | null> {
  const rows = db.select().from(schema.letterTemplates).where(eq(schema.letterTemplates.campaignId, campaignId)).all();
  const result = {} as Record<Locale, StoredTemplate | null>;
  for (const locale of locales) {
    const row = rows.find((r) => r.locale === locale);
    result[locale] = row ? { subject: row.subject, body: row.body, version: row.version, updatedAt: row.updatedAt.toISOString() } : null;
  }
  return result;
}

export function templateValuesFromForm(form: FormLike): TemplateValues {
  return { subject: text(form, "subject"), body: text(form, "body"), version: versionFrom(form) };
}

/** Merge fields in the subject or body that do not exist (staff are warned; the text is saved as written). */
export function templateWarnings(values: { subject: string; body: string }): string[] {
  return [...new Set([...unknownFields(values.subject), ...unknownFields(values.body)])];
}

export function validateTemplate(values: TemplateValues, maxLength: number): { errors: FieldErrors<TemplateField>; subject: string; body: string } {
  const errors: FieldErrors<TemplateField> = {};
  const subject = oneLine(values.subject);
  const body = multiLine(values.body).trim();
  if (!subject) errors.subject = "staffLetters.error.required";
  else if (subject.length > templateLimits.subjectMax) errors.subject = "staffLetters.template.error.subjectTooLong";
  else if (controlInLine.test(subject)) errors.subject = "staffLetters.error.invalidCharacters";
  if (!body) errors.body = "staffLetters.error.required";
  else if (body.length > Math.min(maxLength, templateLimits.bodyMax)) errors.body = "staffLetters.template.error.bodyTooLong";
  else if (controlInText.test(body)) errors.body = "staffLetters.error.invalidCharacters";
  return { errors, subject, body };
}

/** Saves (or, with version 0, creates) the template of one language if nobody saved it since it was loaded. */
export function saveLetterTemplate(db: Db, campaignId: number, locale: Locale, values: TemplateValues, actor: Actor, now = new Date()): SaveResult<TemplateField> {
  const settings = letterSettings(db, campaignId);
  const { errors, subject, body } = validateTemplate(values, settings.maxLength);
  if (Object.keys(errors).length) return { status: "invalid", errors };
  const where = and(eq(schema.letterTemplates.campaignId, campaignId), eq(schema.letterTemplates.locale, locale));
  return db.transaction((tx) => {
    const current = tx.select().from(schema.letterTemplates).where(where).get();
    let version: number;
    if (values.version === 0) {
      const inserted = tx.insert(schema.letterTemplates).values({ campaignId, locale, subject, body, version: 1, updatedAt: now }).onConflictDoNothing().run();
      if (inserted.changes !== 1) return { status: "conflict", currentVersion: current?.version ?? 0 } as const;
      version = 1;
    } else {
      const updated = tx
        .update(schema.letterTemplates)
        .set({ subject, body, version: sql`${schema.letterTemplates.version} + 1`, updatedAt: now })
        .where(and(where, eq(schema.letterTemplates.version, values.version)))
        .run();
      if (updated.changes !== 1) return { status: "conflict", currentVersion: current?.version ?? 0 } as const;
      version = values.version + 1;
    }
    audit(tx, {
      userId: actor.userId,
      action: values.version === 0 ? "letters.template_created" : "letters.template_saved",
      target: `campaign:${campaignId}:${locale}`,
      details: {
        version,
        subjectChanged: current ? current.subject !== subject : true,
        bodyChanged: current ? current.body !== body : true,
        unknownFields: templateWarnings({ subject, body }),
      },
      ipHash: actor.ipHash,
      now,
    });
    return { status: "saved", version } as const;
  });
}

export interface TemplatePreview {
  subject: string;
  body: string;
  /** Who the sample letter is addressed to, and from where it is written (in the template's language). */
  recipient: string;
  state: string;
}

/** The sample state of previews: Norway's New York mission when it exists, otherwise the first mission stored. */
const sampleState = "NO";

/** The template filled for a sample recipient and writer, exactly as letters are filled when they are sent. */
export function previewLetterTemplate(db: Db, locale: Locale, values: { subject: string; body: string }): TemplatePreview {
  const missions = db
    .select()
    .from(schema.recipients)
    .where(eq(schema.recipients.kind, "mission_ny"))
    .orderBy(sql`${schema.recipients.country} <> ${sampleState}`, asc(schema.recipients.country))
    .limit(1)
    .all();
  const mission = missions[0];
  const names = countryNames(db, locale);
  const code = mission?.country ?? sampleState;
  const state = names.get(code) ?? code;
  const recipient = mission ? (locale === "fa" && mission.nameFa) || mission.nameEn : translate(locale, "staffLetters.sample.recipient", { state });
  const salutation = mission ? (locale === "fa" ? mission.salutationFa : mission.salutationEn) : translate(locale, "staffLetters.sample.salutation");
  const merge = {
    salutation,
    state,
    recipient,
    "supporter.name": translate(locale, "staffLetters.sample.name"),
    "supporter.city": translate(locale, "staffLetters.sample.city"),
    "supporter.country": state,
  };
  return { subject: fillTemplate(oneLine(values.subject), merge), body: fillTemplate(values.body, merge), recipient, state };
}

// ---- recipients: list and status -------------------------------------------------------------------------------

export const recipientsPageSize = 50;
export const pausedStatuses = ["bouncing", "blocked", "opted_out"] as const;
type PausedStatus = (typeof pausedStatuses)[number];

function isPaused(status: string): status is PausedStatus {
  return (pausedStatuses as readonly string[]).includes(status);
}

export interface RecipientFilters {
  kind: RecipientKind | null;
  country: string | null;
  status: AddressStatus | null;
  /** Words looked for in the names, the email address and the key. */
  q: string;
  page: number;
}

export function recipientFilters(params: URLSearchParams): RecipientFilters {
  const kind = params.get("kind") ?? "";
  const status = params.get("status") ?? "";
  const country = (params.get("country") ?? "").trim().toUpperCase();
  const page = Number(params.get("page") ?? "1");
  return {
    kind: (schema.recipientKinds as readonly string[]).includes(kind) ? (kind as RecipientKind) : null,
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    status: (schema.addressStatuses as readonly string[]).includes(status) ? (status as AddressStatus) : null,
    q: oneLine(params.get("q") ?? "").slice(0, 200),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The query string of a list view ("" when nothing is filtered), e.g. "?kind=other&page=2". */
export function recipientFiltersQuery(filters: RecipientFilters, page = filters.page): string {
  const params = new URLSearchParams();
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.country) params.set("country", filters.country);
  if (filters.status) params.set("status", filters.status);
  if (filters.q) params.set("q", filters.q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export interface RecipientListItem {
  id: number;
  kind: RecipientKind;
  country: string | null;
  countryName: string | null;
  key: string | null;
  name: string;
  email: string | null;
  status: AddressStatus;
  statusReason: string | null;
  source: string;
  demo: boolean;
}

export interface RecipientList {
  items: RecipientListItem[];
  total: number;
  page: number;
  pages: number;
}

function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listRecipients(db: Db, filters: RecipientFilters, locale: Locale): RecipientList {
  const r = schema.recipients;
  const conditions: SQL[] = [];
  if (filters.kind) conditions.push(eq(r.kind, filters.kind));
  if (filters.country) conditions.push(eq(r.country, filters.country));
  if (filters.status) conditions.push(eq(r.status, filters.status));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(
      sql`(${r.nameEn} LIKE ${pattern} ESCAPE '\\' OR ${r.nameFa} LIKE ${pattern} ESCAPE '\\' OR ${r.email} LIKE ${pattern} ESCAPE '\\' OR ${r.key} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(r).where(where).get()!.n;
  const pages = Math.max(1, Math.ceil(total / recipientsPageSize));
  const page = Math.min(filters.page, pages);
  const rows = db
    .select()
    .from(r)
    .where(where)
    .orderBy(sql`${r.country} IS NULL`, asc(r.country), asc(r.kind), asc(r.key), asc(r.id))
    .limit(recipientsPageSize)
    .offset((page - 1) * recipientsPageSize)
    .all();
  const names = countryNames(db, locale);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      country: row.country,
      countryName: row.country ? (names.get(row.country) ?? row.country) : null,
      key: row.key,
      name: (locale === "fa" && row.nameFa) || row.nameEn,
      email: row.email,
      status: row.status,
      statusReason: row.statusReason,
      source: row.source,
      demo: row.demo,
    })),
    total,
    page,
    pages,
  };
}

export function getRecipient(db: Db, id: number): Recipient | null {
  if (!Number.isInteger(id) || id <= 0) return null;
  return db.select().from(schema.recipients).where(eq(schema.recipients.id, id)).get() ?? null;
}

export const statusReasonMax = 500;

export type StatusChangeResult =
  | { status: "saved"; from: AddressStatus; to: AddressStatus; failedLetters: number }
  | { status: "invalid"; error: MessageKey }
  | { status: "not-found" };

function queuedLetterCount(tx: Pick<Db, "select">, recipientId: number): number {
  return tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.letters)
    .where(and(eq(schema.letters.recipientId, recipientId), eq(schema.letters.status, "queued")))
    .get()!.n;
}

/**
 * Sets a recipient's status. Pausing (bouncing, blocked, opted out) goes through pauseRecipient, which fails
 * the letters still queued for the recipient and cancels their emails; unverified or active only updates.
 */
export function changeRecipientStatus(db: Db, id: number, input: { status: string; reason: string }, actor: Actor, now = new Date()): StatusChangeResult {
  const to = input.status;
  if (!(schema.addressStatuses as readonly string[]).includes(to)) return { status: "invalid", error: "staffLetters.error.choose" };
  const reason = oneLine(input.reason);
  if (reason.length > statusReasonMax) return { status: "invalid", error: "staffLetters.error.tooLong" };
  if (controlInLine.test(reason)) return { status: "invalid", error: "staffLetters.error.invalidCharacters" };
  return db.transaction((tx) => {
    const current = tx.select().from(schema.recipients).where(eq(schema.recipients.id, id)).get();
    if (!current) return { status: "not-found" } as const;
    let failedLetters = 0;
    if (isPaused(to)) {
      failedLetters = queuedLetterCount(tx, id);
      pauseRecipient(tx, id, to, reason);
    }
    tx.update(schema.recipients)
      .set({ status: to as AddressStatus, statusReason: reason || null, version: sql`${schema.recipients.version} + 1`, updatedAt: now })
      .where(eq(schema.recipients.id, id))
      .run();
    audit(tx, {
      userId: actor.userId,
      action: "recipients.status_changed",
      target: `recipient:${id}`,
      details: { from: current.status, to, failedLetters },
      ipHash: actor.ipHash,
      now,
    });
    return { status: "saved", from: current.status, to: to as AddressStatus, failedLetters } as const;
  });
}

// ---- recipients: edit and create ------------------------------------------------------------------------------

export type RecipientField =
  | "key"
  | "country"
  | "nameEn"
  | "nameFa"
  | "salutationEn"
  | "salutationFa"
  | "email"
  | "postalAddress"
  | "phone"
  | "website"
  | "status"
  | "statusReason";

export const recipientLimits = {
  key: 100,
  nameEn: 300,
  nameFa: 300,
  salutationEn: 300,
  salutationFa: 300,
  email: 254,
  postalAddress: 1000,
  phone: 100,
  website: 500,
  statusReason: statusReasonMax,
} as const;

/** The recipient form as typed. */
export interface RecipientValues {
  key: string;
  country: string;
  nameEn: string;
  nameFa: string;
  salutationEn: string;
  salutationFa: string;
  email: string;
  postalAddress: string;
  phone: string;
  website: string;
  status: string;
  statusReason: string;
  /** The version the form was loaded with (0 for a new recipient). */
  version: number;
}

export function recipientValues(r: Recipient): RecipientValues {
  return {
    key: r.key ?? "",
    country: r.country ?? "",
    nameEn: r.nameEn,
    nameFa: r.nameFa ?? "",
    salutationEn: r.salutationEn,
    salutationFa: r.salutationFa,
    email: r.email ?? "",
    postalAddress: r.postalAddress ?? "",
    phone: r.phone ?? "",
    website: r.website ?? "",
    status: r.status,
    statusReason: r.statusReason ?? "",
    version: r.version,
  };
}

/** A blank form for a new recipient, with the schema's default salutations. */
export function newRecipientValues(): RecipientValues {
  return {
    key: "",
    country: "",
    nameEn: "",
    nameFa: "",
    salutationEn: "Excellency",
    salutationFa: "عالیجناب",
    email: "",
    postalAddress: "",
    phone: "",
    website: "",
    status: "unverified",
    statusReason: "",
    version: 0,
  };
}

export function recipientValuesFromForm(form: FormLike): RecipientValues {
  return {
    key: text(form, "key"),
    country: text(form, "country"),
    nameEn: text(form, "nameEn"),
    nameFa: text(form, "nameFa"),
    salutationEn: text(form, "salutationEn"),
    salutationFa: text(form, "salutationFa"),
    email: text(form, "email"),
    postalAddress: text(form, "postalAddress"),
    phone: text(form, "phone"),
    website: text(form, "website"),
    status: text(form, "status"),
    statusReason: text(form, "statusReason"),
    version: versionFrom(form),
  };
}

type RecipientUpdate = Pick<
  typeof schema.recipients.$inferInsert,
  "country" | "nameEn" | "nameFa" | "salutationEn" | "salutationFa" | "email" | "postalAddress" | "phone" | "website" | "status" | "statusReason"
> & { key: string | null };

/** Checks a recipient form; for a new recipient (kind "other") also its key and country. */
export function validateRecipient(db: Db, values: RecipientValues, options: { isNew: boolean }): { errors: FieldErrors<RecipientField>; row: RecipientUpdate | null } {
  const errors: FieldErrors<RecipientField> = {};
  const line = (field: Exclude<RecipientField, "postalAddress" | "country" | "status">, required: boolean): string | null => {
    const value = oneLine(values[field]);
    if (!value) {
      if (required) errors[field] = "staffLetters.error.required";
      return null;
    }
    if (value.length > recipientLimits[field]) errors[field] = "staffLetters.error.tooLong";
    else if (controlInLine.test(value)) errors[field] = "staffLetters.error.invalidCharacters";
    return value;
  };
  let key: string | null = null;
  let country: string | null = null;
  if (options.isNew) {
    key = line("key", true)?.toLowerCase() ?? null;
    if (key && !errors.key && !keyPattern.test(key)) errors.key = "staffLetters.recipient.error.keyInvalid";
    if (key && !errors.key && db.select({ id: schema.recipients.id }).from(schema.recipients).where(eq(schema.recipients.key, key)).get())
      errors.key = "staffLetters.recipient.error.keyTaken";
    const code = values.country.trim().toUpperCase();
    if (code) {
      if (db.select({ code: schema.countries.code }).from(schema.countries).where(eq(schema.countries.code, code)).get()) country = code;
      else errors.country = "staffLetters.error.choose";
    }
  }
  const nameEn = line("nameEn", true);
  const nameFa = line("nameFa", false);
  const salutationEn = line("salutationEn", true);
  const salutationFa = line("salutationFa", true);
  let email = line("email", false);
  if (email && !errors.email) {
    email = email.toLowerCase();
    if (!isValidEmail(email)) errors.email = "staffLetters.recipient.error.email";
  }
  const postalAddress = multiLine(values.postalAddress).replace(/\n{3,}/g, "\n\n") || null;
  if (postalAddress && postalAddress.length > recipientLimits.postalAddress) errors.postalAddress = "staffLetters.error.tooLong";
  else if (postalAddress && controlInText.test(postalAddress)) errors.postalAddress = "staffLetters.error.invalidCharacters";
  if (!email && !postalAddress && !errors.email) errors.email = "staffLetters.recipient.error.noAddress";
  const phone = line("phone", false);
  const website = line("website", false);
  if (website && !errors.website && !isValidWebsite(website)) errors.website = "staffLetters.recipient.error.website";
  const status = (schema.addressStatuses as readonly string[]).includes(values.status) ? (values.status as AddressStatus) : null;
  if (!status) errors.status = "staffLetters.error.choose";
  const statusReason = line("statusReason", false);
  if (Object.keys(errors).length) return { errors, row: null };
  return {
    errors,
    row: { key, country, nameEn: nameEn!, nameFa, salutationEn: salutationEn!, salutationFa: salutationFa!, email, postalAddress, phone, website, status: status!, statusReason },
  };
}

const editableFields = ["nameEn", "nameFa", "salutationEn", "salutationFa", "email", "postalAddress", "phone", "website"] as const;

/** Saves an edited recipient if nobody changed it since the form was loaded; pausing fails its queued letters. */
export function updateRecipient(
  db: Db,
  id: number,
  values: RecipientValues,
  actor: Actor,
  now = new Date(),
): SaveResult<RecipientField> | { status: "not-found" } {
  const current = getRecipient(db, id);
  if (!current) return { status: "not-found" };
  const { errors, row } = validateRecipient(db, values, { isNew: false });
  if (!row) return { status: "invalid", errors };
  return db.transaction((tx) => {
    const set = {
      nameEn: row.nameEn,
      nameFa: row.nameFa,
      salutationEn: row.salutationEn,
      salutationFa: row.salutationFa,
      email: row.email,
      postalAddress: row.postalAddress,
      phone: row.phone,
      website: row.website,
    };
    const statusChanged = row.status !== current.status;
    const updated = tx
      .update(schema.recipients)
      .set({ ...set, version: sql`${schema.recipients.version} + 1`, updatedAt: now })
      .where(and(eq(schema.recipients.id, id), eq(schema.recipients.version, values.version)))
      .run();
    if (updated.changes !== 1) {
      const fresh = tx.select({ version: schema.recipients.version }).from(schema.recipients).where(eq(schema.recipients.id, id)).get();
      return { status: "conflict", currentVersion: fresh?.version ?? 0 } as const;
    }
    let failedLetters = 0;
    if (statusChanged && isPaused(row.status!)) {
      failedLetters = queuedLetterCount(tx, id);
      pauseRecipient(tx, id, row.status, row.statusReason ?? "");
    }
    tx.update(schema.recipients).set({ status: row.status, statusReason: row.statusReason }).where(eq(schema.recipients.id, id)).run();
    const changed = editableFields.filter((field) => (current[field] ?? null) !== (set[field] ?? null));
    audit(tx, {
      userId: actor.userId,
      action: "recipients.updated",
      target: `recipient:${id}`,
      details: { changed, ...(statusChanged ? { status: { from: current.status, to: row.status }, failedLetters } : {}) },
      ipHash: actor.ipHash,
      now,
    });
    return { status: "saved", version: values.version + 1 } as const;
  });
}

/** Adds a recipient of kind "other" (a special rapporteur, a fact-finding mission), identified by its key. */
export function createOtherRecipient(
  db: Db,
  values: RecipientValues,
  actor: Actor,
  now = new Date(),
): { status: "saved"; id: number } | { status: "invalid"; errors: FieldErrors<RecipientField> } {
  const { errors, row } = validateRecipient(db, values, { isNew: true });
  if (!row) return { status: "invalid", errors };
  try {
    return db.transaction((tx) => {
      const { id } = tx
        .insert(schema.recipients)
        .values({ kind: "other", ...row, source: "staff", demo: false, version: 1, createdAt: now, updatedAt: now })
        .returning({ id: schema.recipients.id })
        .get();
      audit(tx, { userId: actor.userId, action: "recipients.created", target: `recipient:${id}`, details: { kind: "other", key: row.key }, ipHash: actor.ipHash, now });
      return { status: "saved", id } as const;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return { status: "invalid", errors: { key: "staffLetters.recipient.error.keyTaken" } };
    throw error;
  }
}

/** Recipients of kind "other", for the rules form (which of them supporters may add to a letter). */
export function otherRecipients(db: Db, locale: Locale) {
  return db
    .select()
    .from(schema.recipients)
    .where(eq(schema.recipients.kind, "other"))
    .orderBy(asc(schema.recipients.key))
    .all()
    .map((r) => ({ id: r.id, key: r.key, name: (locale === "fa" && r.nameFa) || r.nameEn, status: r.status }));
}

// ---- import ----------------------------------------------------------------------------------------------------

export type ImportFormatChoice = "auto" | ImportFormat;

export interface ImportInput {
  content: string | Buffer;
  format: ImportFormatChoice;
  /** The missions a Blue Book file lists (a CSV file names the kind on each row). */
  kind: MissionKind;
  filename?: string | null;
}

export interface ImportCounts {
  toAdd: number;
  toChange: number;
  unchanged: number;
  skipped: number;
  problems: number;
}

export interface ImportPreview {
  format: ImportFormat;
  plan: ImportPlan;
  counts: ImportCounts;
  /** A digest of the plan: applying is refused when the plan made again differs from the one previewed. */
  fingerprint: string;
}

export function importCounts(plan: ImportPlan): ImportCounts {
  return { toAdd: plan.toAdd.length, toChange: plan.toChange.length, unchanged: plan.unchanged.length, skipped: plan.skipped.length, problems: plan.problems.length };
}

function planFingerprint(plan: ImportPlan): string {
  const digest = JSON.stringify({
    format: plan.format,
    toAdd: plan.toAdd,
    toChange: plan.toChange.map(({ id, version, changes }) => ({ id, version, changes })),
    unchanged: plan.unchanged.map((u) => u.id),
    skipped: plan.skipped.map((s) => s.row),
    problems: plan.problems.map((p) => [p.row, p.field, p.code]),
  });
  return crypto.createHash("sha256").update(digest).digest("base64url");
}

/** Parses and plans a file (nothing is written). */
export function previewRecipientsImport(db: Db, input: ImportInput): ImportPreview {
  const options = { format: input.format === "auto" ? undefined : input.format, filename: input.filename ?? undefined, kind: input.kind };
  let parsed = parseRecipientsFile(input.content, options);
  // The kind chosen on the page is for Blue Book files: every row of a CSV file names its own kind.
  if (parsed.format === "csv") parsed = parseRecipientsFile(input.content, { ...options, format: "csv", kind: undefined });
  const plan = planImport(db, parsed);
  return { format: plan.format, plan, counts: importCounts(plan), fingerprint: planFingerprint(plan) };
}

export type ApplyImportResult =
  | { status: "applied"; added: number; changed: number; counts: ImportCounts }
  /** The plan made again differs from the one previewed (the data changed meanwhile): nothing was written. */
  | { status: "stale"; counts: ImportCounts }
  /** The file has problems and "valid rows only" was not chosen: nothing was written. */
  | { status: "refused"; counts: ImportCounts }
  /** A recipient was added or changed by someone else while writing: nothing was written. */
  | { status: "failed"; counts: ImportCounts };

/**
 * Makes the plan again from the same content and applies it, provided it is the plan that was previewed
 * (same counts, same digest). Written in one transaction, or not at all.
 */
export function applyRecipientsImport(
  db: Db,
  input: ImportInput & { format: ImportFormat },
  expected: { counts: ImportCounts; fingerprint: string },
  options: { skipInvalid: boolean },
  actor: Actor,
  now = new Date(),
): ApplyImportResult {
  const preview = previewRecipientsImport(db, input);
  const { counts } = preview;
  const same = (Object.keys(counts) as (keyof ImportCounts)[]).every((k) => counts[k] === expected.counts[k]) && preview.fingerprint === expected.fingerprint;
  if (!same) return { status: "stale", counts };
  let result: { added: number; changed: number };
  try {
    result = applyImport(db, preview.plan, { skipInvalid: options.skipInvalid, now });
  } catch (error) {
    if (error instanceof ImportRefusedError) return { status: "refused", counts };
    if (error instanceof Error && /since the preview/.test(error.message)) return { status: "failed", counts };
    throw error;
  }
  audit(db, {
    userId: actor.userId,
    action: "recipients.imported",
    target: `recipients:${preview.format}`,
    details: { format: preview.format, kind: preview.format === "bluebook" ? input.kind : null, ...counts, added: result.added, changed: result.changed, skipInvalid: options.skipInvalid },
    ipHash: actor.ipHash,
    now,
  });
  return { status: "applied", ...result, counts };
}

// ---- target groups -------------------------------------------------------------------------------------------

export type GroupField = "key" | "nameEn" | "nameFa" | "members";

export interface GroupValues {
  /** "create" refuses a key that exists; "edit" needs the group to exist, unchanged since `updatedAt`. */
  mode: "create" | "edit";
  key: string;
  nameEn: string;
  nameFa: string;
  /** Codes of the member states ticked. */
  members: string[];
  /** More members typed by hand: ISO codes or English names, one per line (codes may share a line). */
  more: string;
  /** When the group was loaded (milliseconds), for the edit check. */
  updatedAt: string;
}

export function groupValuesFromForm(form: FormLike): GroupValues {
  return {
    mode: text(form, "mode") === "edit" ? "edit" : "create",
    key: text(form, "key"),
    nameEn: text(form, "nameEn"),
    nameFa: text(form, "nameFa"),
    members: texts(form, "members"),
    more: text(form, "more"),
    updatedAt: text(form, "updatedAt"),
  };
}

/** "IR FR, DE" on one line is three codes; any other line is one name ("Korea, Republic of"). */
export function splitMembers(more: string): string[] {
  return more
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => (/^[A-Za-z]{2,3}(?:[\s,;]+[A-Za-z]{2,3})*[\s,;]*$/.test(line) ? line.split(/[\s,;]+/).filter(Boolean) : [line]));
}

export type SaveGroupResult =
  | { status: "saved"; group: TargetGroup; added: string[]; removed: string[] }
  | { status: "invalid"; errors: FieldErrors<GroupField>; memberProblems: { name: string; error: MessageKey }[] }
  | { status: "conflict" };

export function saveTargetGroup(db: Db, values: GroupValues, actor: Actor, now = new Date()): SaveGroupResult {
  const key = values.key.trim();
  const existing = db.select().from(schema.targetGroups).where(eq(schema.targetGroups.key, key)).get();
  if (values.mode === "create" && existing) return { status: "invalid", errors: { key: "staffLetters.groups.error.keyTaken" }, memberProblems: [] };
  if (values.mode === "edit" && (!existing || String(existing.updatedAt.getTime()) !== values.updatedAt)) return { status: "conflict" };
  const members = [...values.members, ...splitMembers(values.more)];
  const result = setTargetGroup(db, { key, nameEn: oneLine(values.nameEn), nameFa: oneLine(values.nameFa), members }, { now });
  if (!result.ok) {
    const errors: FieldErrors<GroupField> = {};
    const memberProblems: { name: string; error: MessageKey }[] = [];
    for (const p of result.problems) {
      if (p.code === "key.invalid") errors.key = "staffLetters.groups.error.key";
      else if (p.code === "name_en.invalid") errors.nameEn = oneLine(values.nameEn) ? "staffLetters.error.tooLong" : "staffLetters.error.required";
      else if (p.code === "name_fa.invalid") errors.nameFa = oneLine(values.nameFa) ? "staffLetters.error.tooLong" : "staffLetters.error.required";
      else if (p.code === "members.empty") errors.members = "staffLetters.groups.error.empty";
      else {
        errors.members = "staffLetters.groups.error.members";
        memberProblems.push({
          name: (members[p.row - 1] ?? "").trim(),
          error: p.code === "country.not-member" ? "staffLetters.groups.error.notMember" : "staffLetters.groups.error.unknown",
        });
      }
    }
    return { status: "invalid", errors, memberProblems };
  }
  audit(db, {
    userId: actor.userId,
    action: existing ? "recipients.group_saved" : "recipients.group_created",
    target: `group:${key}`,
    details: { added: result.added, removed: result.removed, members: result.group.members.length },
    ipHash: actor.ipHash,
    now,
  });
  return { status: "saved", group: result.group, added: result.added, removed: result.removed };
}

/** Campaigns whose rules name the group (it cannot be deleted while they do). */
function campaignsUsingGroup(db: Db, groupId: number): string[] {
  return db
    .select({ slug: schema.campaigns.slug })
    .from(schema.letterSettings)
    .innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.letterSettings.campaignId))
    .where(eq(schema.letterSettings.groupId, groupId))
    .all()
    .map((r) => r.slug);
}

export function removeTargetGroup(db: Db, key: string, actor: Actor, now = new Date()): { status: "deleted" } | { status: "not-found" } | { status: "in-use"; campaigns: string[] } {
  const group = db.select().from(schema.targetGroups).where(eq(schema.targetGroups.key, key.trim())).get();
  if (!group) return { status: "not-found" };
  const campaigns = campaignsUsingGroup(db, group.id);
  if (campaigns.length) return { status: "in-use", campaigns };
  const members = db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(schema.targetGroupMembers).where(eq(schema.targetGroupMembers.groupId, group.id)).get()!.n;
  if (!deleteTargetGroup(db, group.key)) return { status: "not-found" };
  audit(db, { userId: actor.userId, action: "recipients.group_deleted", target: `group:${group.key}`, details: { members }, ipHash: actor.ipHash, now });
  return { status: "deleted" };
}

export interface GroupOverview {
  id: number;
  key: string;
  nameEn: string;
  nameFa: string;
  updatedAt: string;
  members: { code: string; name: string }[];
  usedBy: string[];
}

export function groupsOverview(db: Db, locale: Locale): GroupOverview[] {
  const names = countryNames(db, locale);
  const collator = new Intl.Collator(locale === "fa" ? "fa-IR" : "en-GB");
  return listTargetGroups(db).map((g) => ({
    id: g.id,
    key: g.key,
    nameEn: g.nameEn,
    nameFa: g.nameFa,
    updatedAt: String(g.updatedAt.getTime()),
    members: g.members.map((code) => ({ code, name: names.get(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name)),
    usedBy: campaignsUsingGroup(db, g.id),
  }));
}

/** The UN regional groups as stored with the countries (English names, the keys of the catalogue's labels). */
export const unRegionalGroups = [
  "African Group",
  "Asia and the Pacific Group",
  "Eastern European Group",
  "Latin American and Caribbean Group",
  "Western European and Others Group",
] as const;

/** The member states by UN regional group, sorted by name in the reader's language. */
export function memberStatesByRegion(db: Db, locale: Locale): { region: string; states: { code: string; name: string }[] }[] {
  const names = countryNames(db, locale);
  const collator = new Intl.Collator(locale === "fa" ? "fa-IR" : "en-GB");
  const members = db
    .select({ code: schema.countries.code, group: schema.countries.unRegionalGroup })
    .from(schema.countries)
    .where(eq(schema.countries.unMember, true))
    .all();
  const regions = [...unRegionalGroups, ...new Set(members.map((m) => m.group ?? "").filter((g) => g && !(unRegionalGroups as readonly string[]).includes(g)))];
  const result = regions.map((region) => ({
    region,
    states: members
      .filter((m) => m.group === region)
      .map((m) => ({ code: m.code, name: names.get(m.code) ?? m.code }))
      .sort((a, b) => collator.compare(a.name, b.name)),
  }));
  const ungrouped = members.filter((m) => !m.group).map((m) => ({ code: m.code, name: names.get(m.code) ?? m.code }));
  if (ungrouped.length) result.push({ region: "", states: ungrouped.sort((a, b) => collator.compare(a.name, b.name)) });
  return result.filter((r) => r.states.length > 0);
}
