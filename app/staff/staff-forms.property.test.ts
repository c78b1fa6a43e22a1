// Property tests of the staff forms' readers and checks: whatever a staff member (or a stolen session) sends,
// nothing throws; a value is saved only within the documented limits and without control characters;
// everything else is refused field by field, with a message in both languages; a refused save writes nothing.
import fc from "fast-check";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attackStrings, formText, hostileForm, hostileString, hugeString } from "../../tests/setup/arbitraries";
import { expectTranslated } from "../../tests/setup/catalogue";
import { db, schema } from "~/utils/db.server";
import {
  asciiDigits,
  hasControlCharacters,
  isIsoDate,
  limits,
  parseDateTime,
  saveCampaignText,
  savePetitionSettings,
  savePetitionText,
  saveSection,
  type FieldErrors as ContentErrors,
} from "./content.server";
import { readExportForm } from "./export-form.server";
import { exportColumns, exportStatuses } from "./exports.server";
import {
  changeRecipientStatus,
  groupValuesFromForm,
  recipientFilters,
  recipientFiltersQuery,
  recipientLimits,
  recipientValuesFromForm,
  saveTargetGroup,
  settingsLimits,
  settingsValuesFromForm,
  splitMembers,
  templateLimits,
  templateValuesFromForm,
  validateRecipient,
  validateSettings,
  validateTemplate,
} from "./letters-admin.server";
import { safeStaffNext } from "./session.server";

/* eslint-disable no-control-regex -- the documented refusals */
const controlInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const controlInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */

const actor = { userId: null, ipHash: null };

/** A form as the server receives it: text values, some fields repeated. */
function formOf(values: Record<string, string | string[] | undefined>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) form.append(name, v);
  return form;
}

const value = fc.oneof({ weight: 8, arbitrary: formText(80) }, { weight: 1, arbitrary: hugeString() });
const repeated = fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 5 }));

function expectContentErrors(errors: ContentErrors) {
  const entries = Object.entries(errors);
  expect(entries.length).toBeGreaterThan(0);
  for (const [field, error] of entries) expectTranslated(`staffContent.error.${error!.code}`, field);
}

function characters(value: string) {
  return [...value].length;
}

describe("campaign and petition content", () => {
  let sectionId = 0;
  let petitionId = 0;

  beforeAll(() => {
    const campaign = db().select().from(schema.campaigns).where(eq(schema.campaigns.slug, "1988-massacre")).get()!;
    sectionId = db()
      .select()
      .from(schema.campaignSections)
      .where(and(eq(schema.campaignSections.campaignId, campaign.id), eq(schema.campaignSections.kind, "prose")))
      .get()!.id;
    petitionId = db().select().from(schema.petitions).where(eq(schema.petitions.slug, "1988-massacre-justice")).get()!.id;
  });

  function campaignVersion() {
    const campaign = db().select().from(schema.campaigns).where(eq(schema.campaigns.slug, "1988-massacre")).get()!;
    return db()
      .select()
      .from(schema.campaignTranslations)
      .where(and(eq(schema.campaignTranslations.campaignId, campaign.id), eq(schema.campaignTranslations.locale, "en")))
      .get()!;
  }

  it("the campaign's title and summary: saved within limits and free of control characters, or refused field by field with nothing written", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(400), fc.constantFrom(...attackStrings)), fc.oneof(hostileString(300), hugeString()), (title, summary) => {
        const before = campaignVersion();
        const result = saveCampaignText(db(), { slug: "1988-massacre", locale: "en", title, summary, version: before.version }, actor);
        const after = campaignVersion();
        if (result.ok) {
          expect(characters(after.title)).toBeLessThanOrEqual(limits.campaignTitle);
          expect(characters(after.summary)).toBeLessThanOrEqual(limits.summary);
          expect(hasControlCharacters(after.title, false)).toBe(false);
          expect(hasControlCharacters(after.summary, true)).toBe(false);
          expect(after.title.trim()).not.toBe("");
          expect(after.version).toBe(before.version + 1);
        } else {
          expect("errors" in result).toBe(true);
          if ("errors" in result) expectContentErrors(result.errors);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a section's Markdown: any text is saved as escaped HTML, or refused", () => {
    fc.assert(
      fc.property(formText(60), fc.oneof(formText(300), fc.constantFrom(...attackStrings)), (heading, bodyMd) => {
        const current = db()
          .select()
          .from(schema.campaignSectionTranslations)
          .where(and(eq(schema.campaignSectionTranslations.sectionId, sectionId), eq(schema.campaignSectionTranslations.locale, "en")))
          .get()!;
        const result = saveSection(db(), { sectionId, locale: "en", heading, bodyMd: `Text ${bodyMd}`, version: current.version, campaignSlug: "1988-massacre" }, actor);
        if (!result.ok) {
          if ("errors" in result) expectContentErrors(result.errors);
          return;
        }
        const saved = db()
          .select()
          .from(schema.campaignSectionTranslations)
          .where(and(eq(schema.campaignSectionTranslations.sectionId, sectionId), eq(schema.campaignSectionTranslations.locale, "en")))
          .get()!;
        // Raw HTML in the source never reaches the page as markup.
        expect(saved.bodyHtml).not.toMatch(/<(script|img|svg|iframe|textarea)\b/i);
        expect(saved.bodyHtml).not.toMatch(/<[^>]*\son\w+=/i);
        expect(saved.bodyHtml).not.toMatch(/href="javascript:/i);
      }),
      { numRuns: 150 },
    );
  });

  it("the petition's text and settings: never a throw, never a value outside the rules", () => {
    fc.assert(
      fc.property(hostileForm(["title", "addressee", "bodyMd", "goal", "status", "opensAt", "closesAt"], value), (form) => {
        const text = db()
          .select()
          .from(schema.petitionTranslations)
          .where(and(eq(schema.petitionTranslations.petitionId, petitionId), eq(schema.petitionTranslations.locale, "en")))
          .get()!;
        const saved = savePetitionText(
          db(),
          { petitionId, locale: "en", title: form.title ?? "", addressee: form.addressee ?? "", bodyMd: form.bodyMd ?? "", version: text.version },
          actor,
        );
        if (!saved.ok && "errors" in saved) expectContentErrors(saved.errors);
        const petition = db().select().from(schema.petitions).where(eq(schema.petitions.id, petitionId)).get()!;
        const settings = savePetitionSettings(
          db(),
          { petitionId, goal: form.goal ?? "", status: form.status ?? "", opensAt: form.opensAt ?? "", closesAt: form.closesAt ?? "", token: petition.updatedAt.getTime() },
          actor,
        );
        const after = db().select().from(schema.petitions).where(eq(schema.petitions.id, petitionId)).get()!;
        if (settings.ok) {
          expect(after.goal).toBeGreaterThanOrEqual(1);
          expect(after.goal).toBeLessThanOrEqual(100_000_000);
          expect(["draft", "open", "closed"]).toContain(after.status);
        } else {
          if ("errors" in settings) expectContentErrors(settings.errors);
          expect(after).toEqual(petition);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("dates and numbers typed in any digits: parsed or refused, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(formText(30), fc.stringMatching(/^[0-9۰-۹٠-٩]{4}-[0-9۰-۹]{2}-[0-9۰-۹]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$/)), (text) => {
        const date = parseDateTime(asciiDigits(text));
        if (date) expect(Number.isNaN(date.getTime())).toBe(false);
        isIsoDate(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("letter rules, templates, recipients and groups", () => {
  it("the rules form: numbers within their ranges, known modes and recipients, or an error per field", () => {
    const fields = ["enabled", "editable", "maxLength", "recipientMode", "groupId", "maxStates", "maxLettersPerSupporter", "extraRecipientIds", "version"];
    fc.assert(
      fc.property(
        fc.record(
          Object.fromEntries(fields.map((f) => [f, fc.oneof(repeated, fc.constantFrom("on", "1", "200", "20000", "۵۰۰", "1,000", "all", "residence", "group", "choice"))])),
          { requiredKeys: [] },
        ),
        (raw) => {
          const { errors, row } = validateSettings(db(), settingsValuesFromForm(formOf(raw)));
          for (const [field, key] of Object.entries(errors)) expectTranslated(key!, field);
          if (!row) {
            expect(Object.keys(errors).length).toBeGreaterThan(0);
            return;
          }
          expect(row.maxLength).toBeGreaterThanOrEqual(settingsLimits.maxLength.min);
          expect(row.maxLength).toBeLessThanOrEqual(settingsLimits.maxLength.max);
          expect(row.maxStates).toBeGreaterThanOrEqual(settingsLimits.maxStates.min);
          expect(row.maxStates).toBeLessThanOrEqual(settingsLimits.maxStates.max);
          expect(row.maxLettersPerSupporter).toBeGreaterThanOrEqual(settingsLimits.maxLettersPerSupporter.min);
          expect(row.maxLettersPerSupporter).toBeLessThanOrEqual(settingsLimits.maxLettersPerSupporter.max);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a template: subject on one line and body within the campaign's maximum, free of control characters", () => {
    fc.assert(
      fc.property(hostileForm(["subject", "body", "version"], fc.oneof(value, fc.constantFrom(...attackStrings))), fc.integer({ min: 0, max: 30_000 }), (raw, maxLength) => {
        const { errors, subject, body } = validateTemplate(templateValuesFromForm(formOf(raw)), maxLength);
        for (const [field, key] of Object.entries(errors)) expectTranslated(key!, field);
        if (!errors.subject) {
          expect(subject.length).toBeLessThanOrEqual(templateLimits.subjectMax);
          expect(subject).not.toMatch(controlInLine);
          expect(subject).not.toBe("");
        }
        if (!errors.body) {
          expect(body.length).toBeLessThanOrEqual(Math.min(maxLength, templateLimits.bodyMax));
          expect(body).not.toMatch(controlInText);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a recipient: every field within its limit and free of control characters, or refused by field", () => {
    const fields = ["key", "country", "nameEn", "nameFa", "salutationEn", "salutationFa", "email", "postalAddress", "phone", "website", "status", "statusReason", "version"];
    const choice = fc.constantFrom("IR", "ir", "ZZ", "active", "unverified", "blocked", "sr-iran", "office@example.org", "https://example.org", "Excellency");
    fc.assert(
      fc.property(fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(value, choice)])), { requiredKeys: [] }), fc.boolean(), (raw, isNew) => {
        const { errors, row } = validateRecipient(db(), recipientValuesFromForm(formOf(raw)), { isNew });
        for (const [field, key] of Object.entries(errors)) expectTranslated(key!, field);
        if (!row) {
          expect(Object.keys(errors).length).toBeGreaterThan(0);
          return;
        }
        for (const field of ["nameEn", "nameFa", "salutationEn", "salutationFa", "email", "phone", "website", "statusReason", "key"] as const) {
          const v = row[field];
          if (v === null || v === undefined) continue;
          expect(v.length, field).toBeLessThanOrEqual(recipientLimits[field]);
          expect(v, field).not.toMatch(controlInLine);
        }
        if (row.postalAddress) {
          expect(row.postalAddress.length).toBeLessThanOrEqual(recipientLimits.postalAddress);
          expect(row.postalAddress).not.toMatch(controlInText);
        }
        expect(row.email !== null || row.postalAddress !== null).toBe(true);
        if (isNew) expect(row.key).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }),
      { numRuns: 300 },
    );
  });

  it("a status change with a bad status or reason is refused, and changes nothing", () => {
    const recipient = db()
      .insert(schema.recipients)
      .values({ kind: "other", key: `status-test-${Date.now()}`, nameEn: "Status Test", email: "status-test@example.org", status: "active", source: "staff" })
      .returning()
      .get();
    fc.assert(
      fc.property(fc.oneof(formText(20), fc.constantFrom("active", "blocked")), fc.oneof(value, fc.constantFrom(...attackStrings)), (status, reason) => {
        const before = db().select().from(schema.recipients).where(eq(schema.recipients.id, recipient!.id)).get()!;
        const result = changeRecipientStatus(db(), recipient!.id, { status, reason }, actor);
        const after = db().select().from(schema.recipients).where(eq(schema.recipients.id, recipient!.id)).get()!;
        if (result.status === "invalid") {
          expectTranslated(result.error);
          expect(after).toEqual(before);
        } else expect(result.status).toBe("saved");
      }),
      { numRuns: 150 },
    );
  });

  it("the recipients list's filters: always valid, and their query string reads back as the same filters", () => {
    fc.assert(
      fc.property(
        hostileForm(["kind", "country", "status", "q", "page"], fc.oneof(value, fc.constantFrom("other", "mission_ny", "active", "IR", "2", "0", "-1", "1e5", "100001"))),
        (raw) => {
          const filters = recipientFilters(formOf(raw));
          expect(Number.isInteger(filters.page) && filters.page >= 1 && filters.page <= 100_000).toBe(true);
          expect(filters.q.length).toBeLessThanOrEqual(200);
          if (filters.country) expect(filters.country).toMatch(/^[A-Z]{2}$/);
          const query = recipientFiltersQuery(filters);
          expect(recipientFilters(new URLSearchParams(query))).toEqual({ ...filters, q: filters.q.trim() });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a target group: any key, names and members are saved as valid or refused, never a throw", () => {
    const groupsBefore = () => db().select({ n: count() }).from(schema.targetGroups).get()!.n;
    fc.assert(
      fc.property(
        hostileForm(["mode", "key", "nameEn", "nameFa", "more", "updatedAt"], value),
        fc.array(fc.oneof(formText(5), fc.constantFrom("IR", "FR", "XX")), { maxLength: 4 }),
        (raw, members) => {
          const values = groupValuesFromForm(formOf({ ...raw, members }));
          splitMembers(values.more);
          const before = groupsBefore();
          const result = saveTargetGroup(db(), values, actor);
          if (result.status === "invalid") {
            for (const [field, key] of Object.entries(result.errors)) expectTranslated(key!, field);
            for (const p of result.memberProblems) expectTranslated(p.error, "members");
            expect(groupsBefore()).toBe(before);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("exports and sign-in", () => {
  it("the export form: only known statuses and columns, ISO country codes and real dates, or an error per field", () => {
    const choice = fc.constantFrom(...exportStatuses, ...exportColumns, "yes", "no", "csv", "jsonl", "on", "2026-01-01", "2026-02-31", "2026-13-45", "IR DE", "ir,de", "IRN");
    const fields = ["statuses", "columns", "countries", "from", "to", "wantsUpdates", "showPublicly", "format", "bom"];
    fc.assert(
      fc.property(fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(repeated, choice, fc.array(choice, { maxLength: 4 }))])), { requiredKeys: [] }), (raw) => {
        const form = new FormData();
        for (const [name, v] of Object.entries(raw)) for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) form.append(name, item);
        const { filters, columns, errors } = readExportForm(form, 1);
        for (const [field, key] of Object.entries(errors)) expectTranslated(key!, field);
        for (const s of filters.statuses) expect(exportStatuses).toContain(s);
        for (const c of columns) expect(exportColumns).toContain(c);
        for (const c of filters.countries ?? []) expect(c).toMatch(/^[A-Z]{2}$/);
        for (const d of [filters.from, filters.to]) if (d) expect(Number.isNaN(d.getTime())).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("an export date must be a real calendar day: 31 February is refused, not read as 3 March", () => {
    const form = (from: string, to: string) => {
      const f = new FormData();
      f.append("statuses", "confirmed");
      f.append("columns", "name");
      f.append("from", from);
      f.append("to", to);
      return readExportForm(f, 1);
    };
    expect(form("2026-02-31", "2026-04-31").errors).toEqual({ from: "staffOps.exports.badDate", to: "staffOps.exports.badDate" });
    const leap = form("2024-02-29", "2024-02-29");
    expect(leap.errors).toEqual({});
    expect(leap.filters.from?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    // "to" includes the whole day.
    expect(leap.filters.to?.toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });

  it("the sign-in's next address is always a page of the staff area on this site", () => {
    const hostile = fc.constantFrom(
      "//evil.example",
      "https://evil.example/staff",
      "/\\evil.example",
      "/\\/evil.example/staff",
      "%2F%2Fevil.example",
      "/%2F%2Fevil.example",
      "/staff/..//evil.example",
      "/staff/../../evil.example",
      "/staff/%2e%2e/%2e%2e//evil.example",
      "/\t/evil.example",
      "/\n/evil.example/staff",
      " //evil.example",
      "javascript:alert(1)//staff",
      "/staff@evil.example",
      "/staff//evil.example",
      "/fa/staff?x=//evil.example",
      "/staff#//evil.example",
      "http:/evil.example/staff",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          formText(60),
          fc.tuple(fc.constantFrom("/staff", "/fa/staff", "/", "//"), formText(30)).map(([a, b]) => a + b),
        ),
        fc.constantFrom("en" as const, "fa" as const),
        (next, locale) => {
          const target = safeStaffNext(next, locale);
          const base = "https://platform.example";
          const url = new URL(target, base);
          expect(url.origin, target).toBe(base);
          expect(target.startsWith("/")).toBe(true);
          expect(target.startsWith("//")).toBe(false);
          expect(target).not.toContain("\\");
          expect(url.pathname).toMatch(/^\/(fa\/)?staff(\/|$)/);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
