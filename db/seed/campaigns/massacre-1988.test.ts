// Checks the 1988 massacre campaign against its only source, JVMI's statement of 15 April 2025.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { massacre1988 } from "./massacre-1988";

const statement = fs.readFileSync(
  new URL("../../../docs/sources/source-statement-2025-04-15.txt", import.meta.url),
  "utf8",
);

/** Collapses every run of whitespace (including no-break spaces) to one space. Nothing else is changed. */
function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Every string in a value, with its path (e.g. "sources[0].translations.en.title"). */
function collectStrings(value: unknown, path = ""): { path: string; value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => collectStrings(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => collectStrings(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The first moment an ISO date prefix ("1988", "1988-12", "1988-12-30") can refer to, or null if invalid. */
function startOf(date: string): number | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12) return null;
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return time;
}

const campaign = massacre1988;
const allStrings = collectStrings(campaign);

describe("1988 massacre campaign", () => {
  it("has the expected identity and section order", () => {
    expect(campaign.slug).toBe("1988-massacre");
    expect(campaign.featured).toBe(true);
    expect(campaign.sections.map((s) => [s.key, s.kind])).toEqual([
      ["background", "prose"],
      ["recording", "prose"],
      ["revelations", "prose"],
      ["remarks", "quotations"],
      ["implications", "prose"],
      ["timeline", "timeline"],
      ["action", "call_to_action"],
      ["sources", "sources"],
    ]);
    expect(campaign.quotations).toHaveLength(7);
    expect(campaign.petitions).toHaveLength(1);
    expect(campaign.petitions[0]?.slug).toBe("1988-massacre-justice");
  });

  it("uses unique keys", () => {
    for (const keys of [
      campaign.sections.map((s) => s.key),
      campaign.quotations.map((q) => q.key),
      campaign.sources.map((s) => s.key),
      campaign.petitions.map((p) => p.slug),
    ]) {
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("quotes the statement verbatim in English", () => {
    const source = normaliseWhitespace(statement);
    for (const quotation of campaign.quotations) {
      const text = normaliseWhitespace(quotation.translations.en.text);
      expect(text.length, quotation.key).toBeGreaterThan(0);
      expect(source.includes(text), `quotation "${quotation.key}" is not verbatim in the statement`).toBe(true);
      // The page adds the outer quotation marks; the text must not carry its own.
      expect(text.startsWith("“") || text.endsWith("”"), quotation.key).toBe(false);
      expect(quotation.translations.en.isTranslation, quotation.key).toBe(false);
      // The topic is one of the statement's headings (which end with a colon there).
      expect(source.includes(`${quotation.translations.en.topic}:`), quotation.key).toBe(true);
    }
  });

  it("marks every Persian quotation as a translation", () => {
    for (const quotation of campaign.quotations) {
      const fa = quotation.translations.fa;
      expect(fa, quotation.key).toBeDefined();
      expect(fa?.isTranslation, quotation.key).toBe(true);
      expect(fa?.text.trim().length, quotation.key).toBeGreaterThan(0);
    }
  });

  it("has English and Persian for the campaign and every section, quotation, event, source and petition", () => {
    const items: [string, { translations: Record<string, unknown> }][] = [
      ["campaign", campaign],
      ...campaign.sections.map((s) => [`section ${s.key}`, s] as [string, typeof s]),
      ...campaign.quotations.map((q) => [`quotation ${q.key}`, q] as [string, typeof q]),
      ...campaign.timeline.map((e) => [`event ${e.date}`, e] as [string, typeof e]),
      ...campaign.sources.map((s) => [`source ${s.key}`, s] as [string, typeof s]),
      ...campaign.petitions.map((p) => [`petition ${p.slug}`, p] as [string, typeof p]),
    ];
    for (const [label, item] of items) {
      for (const locale of ["en", "fa"]) {
        const translation = item.translations[locale];
        expect(translation, `${label} lacks ${locale}`).toBeTypeOf("object");
        const en = item.translations.en as Record<string, unknown>;
        const keys = Object.keys(en);
        expect(Object.keys(translation as object).sort(), `${label} ${locale} fields`).toEqual(keys.sort());
        for (const [field, value] of Object.entries(translation as Record<string, unknown>)) {
          if (typeof value !== "string") continue;
          // Only the timeline section's intro may be empty.
          if (field === "bodyMd" && label === "section timeline") continue;
          expect(value.trim().length, `${label} ${locale}.${field} is empty`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("has valid timeline dates in chronological order", () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const event of campaign.timeline) {
      const start = startOf(event.date);
      expect(start, `invalid date ${event.date}`).not.toBeNull();
      expect(start as number, `${event.date} is out of order`).toBeGreaterThanOrEqual(previous);
      previous = start as number;
    }
  });

  it("has valid source dates", () => {
    for (const source of campaign.sources) {
      if (source.publishedOn !== undefined) expect(startOf(source.publishedOn), source.key).not.toBeNull();
    }
  });

  it("contains no URL outside source url fields", () => {
    const offending = allStrings.filter(
      ({ path, value }) => /http/i.test(value) && !/^sources\[\d+\]\.url$/.test(path),
    );
    expect(offending.map((s) => s.path)).toEqual([]);
    // No contact address or link of any kind either.
    expect(allStrings.filter(({ value }) => /@|www\./i.test(value)).map((s) => s.path)).toEqual([]);
  });

  it("keeps a calm voice: no exclamation marks outside the verbatim quotations and their translations", () => {
    const offending = allStrings.filter(
      ({ path, value }) => value.includes("!") && !/^quotations\[\d+\]\.translations\.\w+\.text$/.test(path),
    );
    expect(offending.map((s) => s.path)).toEqual([]);
  });

  it("writes Persian with Persian letters and digits", () => {
    const persian = allStrings.filter(({ path }) => path.includes(".fa."));
    expect(persian.length).toBeGreaterThan(0);
    for (const { path, value } of persian) {
      // Arabic yeh and kaf instead of Persian ی and ک.
      expect(/[\u064A\u0643]/.test(value), `${path} uses Arabic ي or ك`).toBe(false);
      // Latin digits, apart from Markdown list markers.
      expect(/[0-9]/.test(value.replace(/^\d+\. /gm, "")), `${path} uses Latin digits`).toBe(false);
    }
  });
});
