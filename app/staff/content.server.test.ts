import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getCampaignPage } from "~/campaigns/campaign.server";
import { db, schema } from "~/utils/db.server";
import { pageCache } from "~/utils/page-cache.server";
import {
  asciiDigits,
  getCampaignForEditing,
  getPetitionForEditing,
  hasControlCharacters,
  isIsoDate,
  listCampaignsForEditing,
  parseDateTime,
  saveCampaignText,
  savePetitionSettings,
  savePetitionText,
  saveQuotation,
  saveSection,
  saveSource,
  saveTimelineEvent,
  type Actor,
} from "./content.server";

const slug = "1988-massacre";
let actor: Actor;
let otherActor: Actor;

function staffUser(name: string) {
  return db()
    .insert(schema.staffUsers)
    .values({ emailHash: `content-test-${name}`, emailEnc: Buffer.from("x"), name, passwordHash: "x", roles: ["campaigner"] })
    .returning({ id: schema.staffUsers.id })
    .get().id;
}

beforeAll(() => {
  actor = { userId: staffUser("Editor One"), ipHash: "ip-1" };
  otherActor = { userId: staffUser("Editor Two"), ipHash: "ip-2" };
});

afterEach(() => {
  vi.restoreAllMocks();
});

function lastAudit() {
  return db().select().from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(1).get();
}

function auditCount() {
  return db().select().from(schema.auditLog).all().length;
}

function section(key: string, locale: "en" | "fa") {
  const page = getCampaignForEditing(db(), slug, locale)!;
  return page.sections.find((s) => s.key === key)!;
}

describe("reading", () => {
  it("lists campaigns with their titles in both languages and their petitions", () => {
    const [campaign] = listCampaignsForEditing(db());
    expect(campaign).toMatchObject({ slug, status: "published", featured: true });
    expect(campaign!.titles.en).toContain("1988");
    expect(campaign!.titles.fa).toContain("۱۳۶۷");
    expect(campaign!.petitions).toEqual([expect.objectContaining({ slug: "1988-massacre-justice", status: "open" })]);
  });

  it("gives every block of a campaign in the chosen language, with versions", () => {
    const page = getCampaignForEditing(db(), slug, "fa")!;
    expect(page.locale).toBe("fa");
    expect(page.translation).toMatchObject({ version: 1 });
    expect(page.sections.map((s) => s.key)).toContain("background");
    expect(page.sections.every((s) => s.translation?.version === 1)).toBe(true);
    expect(page.quotations).toHaveLength(7);
    expect(page.timeline).toHaveLength(8);
    expect(page.sources.length).toBeGreaterThan(0);
    expect(getCampaignForEditing(db(), "no-such-campaign", "en")).toBeNull();
  });
});

describe("saveSection", () => {
  it("updates the text, renders the Markdown with markup escaped, bumps the version, audits and purges the page cache", () => {
    const purge = vi.spyOn(pageCache, "purge");
    const before = section("background", "en");
    const now = new Date("2026-04-01T10:00:00Z");
    const result = saveSection(
      db(),
      {
        sectionId: before.id,
        locale: "en",
        heading: "  Background, revised  ",
        bodyMd: "New **bold** text.\r\n\r\n<script>alert(1)</script>\r\n\r\n[x](javascript:alert%281%29)\r\n",
        version: before.translation!.version,
      },
      actor,
      now,
    );
    expect(result).toEqual({ ok: true, version: 2, created: false });
    const row = db()
      .select()
      .from(schema.campaignSectionTranslations)
      .where(and(eq(schema.campaignSectionTranslations.sectionId, before.id), eq(schema.campaignSectionTranslations.locale, "en")))
      .get()!;
    expect(row.heading).toBe("Background, revised");
    expect(row.bodyMd).toBe("New **bold** text.\n\n<script>alert(1)</script>\n\n[x](javascript:alert%281%29)");
    expect(row.bodyHtml).toContain("<strong>bold</strong>");
    expect(row.bodyHtml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(row.bodyHtml).not.toContain("<script");
    expect(row.bodyHtml).toContain("<a href=\"\">x</a>");
    expect(row.bodyHtml).not.toContain("javascript:");
    expect(row.version).toBe(2);
    expect(row.updatedAt.getTime()).toBe(now.getTime());
    expect(purge).toHaveBeenCalled();

    const entry = lastAudit()!;
    expect(entry).toMatchObject({ userId: actor.userId, action: "content.section_saved", target: `campaign:${slug}/section:background/en`, ipHash: "ip-1" });
    expect(entry.details).toMatchObject({ locale: "en", version: 2, created: false, changed: ["heading", "bodyMd"] });

    // Readers see it: the public page reads the new text.
    const publicPage = getCampaignPage(db(), { slug }, "en")!;
    expect(publicPage.sections.find((s) => s.key === "background")).toMatchObject({ heading: "Background, revised" });
    // The other language is untouched.
    expect(section("background", "fa").translation!.version).toBe(1);
  });

  it("detects a conflict when two edits start from the same version: the second gets the first's text", () => {
    const start = section("recording", "fa");
    const version = start.translation!.version;
    const first = saveSection(db(), { sectionId: start.id, locale: "fa", heading: "نوار تازه", bodyMd: "متن نفر نخست", version }, actor);
    expect(first.ok).toBe(true);
    const audits = auditCount();
    const purge = vi.spyOn(pageCache, "purge");
    const second = saveSection(db(), { sectionId: start.id, locale: "fa", heading: "نوار", bodyMd: "متن نفر دوم", version }, otherActor);
    expect(second.ok).toBe(false);
    if (second.ok || !("conflict" in second)) throw new Error("expected a conflict");
    expect(second.conflict).toMatchObject({ heading: "نوار تازه", bodyMd: "متن نفر نخست", version: version + 1 });
    // Nothing of the second edit was written, audited or purged.
    expect(section("recording", "fa").translation).toMatchObject({ bodyMd: "متن نفر نخست", version: version + 1 });
    expect(auditCount()).toBe(audits);
    expect(purge).not.toHaveBeenCalled();
    // Having seen the current version, the second person can save over it.
    const retry = saveSection(db(), { sectionId: start.id, locale: "fa", heading: "نوار", bodyMd: "متن یکی‌شده", version: second.conflict.version }, otherActor);
    expect(retry).toEqual({ ok: true, version: version + 2, created: false });
  });

  it("creates a missing translation (version 0), and refuses a second creation from version 0", () => {
    const target = section("remarks", "fa");
    db()
      .delete(schema.campaignSectionTranslations)
      .where(and(eq(schema.campaignSectionTranslations.sectionId, target.id), eq(schema.campaignSectionTranslations.locale, "fa")))
      .run();
    expect(section("remarks", "fa").translation).toBeNull();
    const created = saveSection(db(), { sectionId: target.id, locale: "fa", heading: "سخنان", bodyMd: "متن *تازه*", version: 0 }, actor);
    expect(created).toEqual({ ok: true, version: 1, created: true });
    expect(section("remarks", "fa").translation).toMatchObject({ heading: "سخنان", bodyHtml: "<p>متن <em>تازه</em></p>", version: 1 });
    expect(lastAudit()).toMatchObject({ action: "content.section_saved", target: `campaign:${slug}/section:remarks/fa` });
    expect(lastAudit()!.details).toMatchObject({ created: true, version: 1 });

    const again = saveSection(db(), { sectionId: target.id, locale: "fa", heading: "دیگر", bodyMd: "متن دیگر", version: 0 }, otherActor);
    expect(again).toMatchObject({ ok: false, conflict: { heading: "سخنان", version: 1 } });
  });

  it("refuses invalid input field by field, writing nothing", () => {
    const target = section("implications", "en");
    const audits = auditCount();
    const empty = saveSection(db(), { sectionId: target.id, locale: "en", heading: "   ", bodyMd: "\n\n", version: 1 }, actor);
    expect(empty).toEqual({ ok: false, errors: { heading: { code: "required" }, bodyMd: { code: "required" } } });
    const long = saveSection(db(), { sectionId: target.id, locale: "en", heading: "x".repeat(301), bodyMd: "y".repeat(50_001), version: 1 }, actor);
    expect(long).toEqual({ ok: false, errors: { heading: { code: "tooLong", max: 300 }, bodyMd: { code: "tooLong", max: 50_000 } } });
    const control = saveSection(db(), { sectionId: target.id, locale: "en", heading: "Tab\there", bodyMd: "Bell \u0007 and C1 \u0085", version: 1 }, actor);
    expect(control).toEqual({ ok: false, errors: { heading: { code: "control" }, bodyMd: { code: "control" } } });
    // At the limits, with tabs and line breaks in the body, Persian letters and the zero-width non-joiner: fine.
    const ok = saveSection(db(), { sectionId: target.id, locale: "en", heading: "h".repeat(300), bodyMd: "a\tb\r\nمی‌شود", version: 1 }, actor);
    expect(ok.ok).toBe(true);
    expect(auditCount()).toBe(audits + 1);
  });

  it("only saves a section of the campaign named, and reports unknown sections", () => {
    const target = section("action", "en");
    expect(saveSection(db(), { sectionId: target.id, locale: "en", heading: "H", bodyMd: "B", version: 1, campaignSlug: "another" }, actor)).toEqual({
      ok: false,
      notFound: true,
    });
    expect(saveSection(db(), { sectionId: 999_999, locale: "en", heading: "H", bodyMd: "B", version: 1 }, actor)).toEqual({ ok: false, notFound: true });
    expect(() => saveSection(db(), { sectionId: target.id, locale: "en", heading: "H", bodyMd: "B", version: -1 }, actor)).toThrow(RangeError);
  });
});

describe("the other blocks", () => {
  it("saves the campaign title and summary, with conflicts and validation", () => {
    const version = getCampaignForEditing(db(), slug, "en")!.translation!.version;
    expect(saveCampaignText(db(), { slug, locale: "en", title: "", summary: "S", version }, actor)).toEqual({ ok: false, errors: { title: { code: "required" } } });
    expect(saveCampaignText(db(), { slug, locale: "en", title: "New title", summary: "New summary.", version }, actor)).toEqual({
      ok: true,
      version: version + 1,
      created: false,
    });
    expect(lastAudit()).toMatchObject({ action: "content.campaign_saved", target: `campaign:${slug}/en` });
    expect(getCampaignPage(db(), { slug }, "en")).toMatchObject({ title: "New title", summary: "New summary." });
    expect(saveCampaignText(db(), { slug, locale: "en", title: "Stale", summary: "Stale", version }, otherActor)).toMatchObject({
      ok: false,
      conflict: { title: "New title", version: version + 1 },
    });
    expect(saveCampaignText(db(), { slug: "nope", locale: "en", title: "T", summary: "S", version: 1 }, actor)).toEqual({ ok: false, notFound: true });
  });

  it("saves a quotation with its translation flag", () => {
    const q = getCampaignForEditing(db(), slug, "fa")!.quotations[0]!;
    const result = saveQuotation(
      db(),
      { quotationId: q.id, locale: "fa", topic: "موضوع", text: "«متن»", attribution: "منتظری", isTranslation: false, version: q.translation!.version },
      actor,
    );
    expect(result.ok).toBe(true);
    expect(getCampaignForEditing(db(), slug, "fa")!.quotations[0]!.translation).toMatchObject({ text: "«متن»", isTranslation: false, version: 2 });
    expect(lastAudit()).toMatchObject({ action: "content.quotation_saved", target: `campaign:${slug}/quotation:${q.key}/fa` });
    expect(lastAudit()!.details).toMatchObject({ changed: ["topic", "text", "attribution", "isTranslation"] });
    expect(saveQuotation(db(), { quotationId: q.id, locale: "fa", topic: "t", text: "x".repeat(5_001), attribution: "a", isTranslation: true, version: 2 }, actor)).toEqual({
      ok: false,
      errors: { text: { code: "tooLong", max: 5_000 } },
    });
  });

  it("saves a timeline event, its date shared by all languages, and notices a date changed meanwhile", () => {
    const event = getCampaignForEditing(db(), slug, "en")!.timeline[1]!;
    const base = { eventId: event.id, locale: "en" as const, title: "T", description: "D", approximate: false };
    expect(saveTimelineEvent(db(), { ...base, date: "1988-02-30", version: 1 }, actor)).toEqual({ ok: false, errors: { date: { code: "isoDate" } } });
    const saved = saveTimelineEvent(db(), { ...base, date: "1988-12-29", version: 1, previous: { date: event.date, approximate: event.approximate } }, actor);
    expect(saved).toEqual({ ok: true, version: 2, created: false });
    expect(lastAudit()).toMatchObject({ action: "content.timeline_event_saved", target: `campaign:${slug}/event:${event.id}/en` });
    expect(lastAudit()!.details).toMatchObject({ before: { date: event.date }, after: { date: "1988-12-29" } });
    // The Persian page shows the new date too.
    expect(getCampaignForEditing(db(), slug, "fa")!.timeline[1]!.date).toBe("1988-12-29");
    // A Persian editor who loaded the old date is told, even though the Persian text's version is current.
    const fa = getCampaignForEditing(db(), slug, "fa")!.timeline[1]!;
    const stale = saveTimelineEvent(
      db(),
      { ...base, locale: "fa", title: "ت", description: "ش", date: event.date, version: fa.translation!.version, previous: { date: event.date, approximate: event.approximate } },
      otherActor,
    );
    expect(stale).toMatchObject({ ok: false, conflict: { date: "1988-12-29", version: fa.translation!.version } });
  });

  it("saves a source with its address, checking the address and date", () => {
    const source = getCampaignForEditing(db(), slug, "en")!.sources[0]!;
    const base = { sourceId: source.id, locale: "en" as const, title: "Statement", publisher: "JVMI", note: "", version: source.translation!.version };
    expect(saveSource(db(), { ...base, url: "javascript:alert(1)", publishedOn: "2025-13" }, actor)).toEqual({
      ok: false,
      errors: { url: { code: "url" }, publishedOn: { code: "isoDate" } },
    });
    expect(saveSource(db(), { ...base, url: "https://example.org/statement", publishedOn: "2025-04-15" }, actor).ok).toBe(true);
    const after = getCampaignForEditing(db(), slug, "en")!.sources[0]!;
    expect(after).toMatchObject({ url: "https://example.org/statement", publishedOn: "2025-04-15", translation: { note: null, version: base.version + 1 } });
    expect(lastAudit()).toMatchObject({ action: "content.source_saved", target: `campaign:${slug}/source:${source.key}/en` });
  });
});

describe("petitions", () => {
  const petitionSlug = "1988-massacre-justice";

  it("saves the petition text per language, with conflicts", () => {
    const { petition, translation } = getPetitionForEditing(db(), petitionSlug, "fa")!;
    const input = { petitionId: petition.id, locale: "fa" as const, title: "دادخواست", addressee: "دبیرکل سازمان ملل", bodyMd: "ما **خواستار** عدالتیم.", version: translation!.version };
    expect(savePetitionText(db(), input, actor)).toEqual({ ok: true, version: translation!.version + 1, created: false });
    const after = getPetitionForEditing(db(), petitionSlug, "fa")!.translation!;
    expect(after.bodyHtml).toBe("<p>ما <strong>خواستار</strong> عدالتیم.</p>");
    expect(lastAudit()).toMatchObject({ action: "petitions.text_saved", target: `petition:${petitionSlug}/fa` });
    expect(savePetitionText(db(), { ...input, bodyMd: "دیگر" }, otherActor)).toMatchObject({ ok: false, conflict: { bodyMd: "ما **خواستار** عدالتیم." } });
    expect(savePetitionText(db(), { ...input, title: "", version: after.version }, actor)).toEqual({ ok: false, errors: { title: { code: "required" } } });
  });

  it("validates and saves goal, status and dates, auditing before and after", () => {
    const { petition, settings } = getPetitionForEditing(db(), petitionSlug, "en")!;
    const base = { petitionId: petition.id, goal: "25000", status: "open", opensAt: "", closesAt: "", token: settings.token };
    expect(savePetitionSettings(db(), { ...base, goal: "0", status: "paused", opensAt: "2026-05-01T10:00", closesAt: "2026-05-01T09:00" }, actor)).toEqual({
      ok: false,
      errors: { goal: { code: "goal", min: 1, max: 100_000_000 }, status: { code: "status" }, closesAt: { code: "closesBeforeOpens" } },
    });
    expect(savePetitionSettings(db(), { ...base, goal: "100000001", opensAt: "tomorrow" }, actor)).toMatchObject({
      ok: false,
      errors: { goal: { code: "goal" }, opensAt: { code: "dateTime" } },
    });
    expect(savePetitionSettings(db(), { ...base, goal: "" }, actor)).toEqual({ ok: false, errors: { goal: { code: "required" } } });

    const purge = vi.spyOn(pageCache, "purge");
    // Digits as a Persian keyboard types them are accepted.
    const saved = savePetitionSettings(db(), { ...base, goal: "۲۵۰۰۰", status: "closed", opensAt: "2026-05-01T10:00", closesAt: "2026-06-01T10:00" }, actor);
    expect(saved.ok).toBe(true);
    expect(purge).toHaveBeenCalled();
    const after = getPetitionForEditing(db(), petitionSlug, "en")!.settings;
    expect(after).toMatchObject({ goal: 25_000, status: "closed", opensAt: "2026-05-01T10:00:00.000Z", closesAt: "2026-06-01T10:00:00.000Z" });
    expect(after.token).not.toBe(settings.token);
    const entry = lastAudit()!;
    expect(entry).toMatchObject({ action: "petitions.settings_changed", target: `petition:${petitionSlug}`, userId: actor.userId });
    expect(entry.details).toEqual({
      changed: ["goal", "status", "opensAt", "closesAt"],
      before: { goal: settings.goal, status: "open", opensAt: null, closesAt: null },
      after: { goal: 25_000, status: "closed", opensAt: "2026-05-01T10:00:00.000Z", closesAt: "2026-06-01T10:00:00.000Z" },
    });

    // Someone who loaded the settings before that save is told, and sees the current settings.
    expect(savePetitionSettings(db(), { ...base, goal: "30000" }, otherActor)).toMatchObject({ ok: false, conflict: { status: "closed", goal: 25_000 } });
    // Back to open without dates.
    expect(savePetitionSettings(db(), { ...base, token: after.token }, actor).ok).toBe(true);
  });
});

describe("helpers", () => {
  it("recognises control characters, dates and date-times", () => {
    expect(hasControlCharacters("a\nb\tc", true)).toBe(false);
    expect(hasControlCharacters("a\nb", false)).toBe(true);
    expect(hasControlCharacters("\u200cزبان\u202b", false)).toBe(false);
    expect(hasControlCharacters("\ud800", true)).toBe(true);
    expect(["1988", "1988-12", "1988-12-30", "2024-02-29"].every(isIsoDate)).toBe(true);
    expect(["88", "1988-00", "1988-12-32", "2023-02-29", "1988/12/30"].some(isIsoDate)).toBe(false);
    expect(parseDateTime("2026-05-01T09:30")?.toISOString()).toBe("2026-05-01T09:30:00.000Z");
    expect(parseDateTime("2026-02-30T09:30")).toBeNull();
    expect(parseDateTime("2026-05-01T24:00")).toBeNull();
    expect(asciiDigits("۱۹۸۸-۱۲-۳۰ ٢٠")).toBe("1988-12-30 20");
  });
});
