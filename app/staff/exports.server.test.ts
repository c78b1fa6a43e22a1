import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPetition } from "~/petitions/petition.server";
import { confirmSignature, signPetition } from "~/petitions/signing.server";
import { decryptField, encryptField, lookupHash } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { localeInfo } from "~/i18n/locales";
import {
  countExportRows,
  countsByCountryCsv,
  csvCell,
  deliveryList,
  exportColumns,
  exportSignatures,
  neutraliseFormula,
  type ExportColumn,
  type ExportFilters,
  type ExportOptions,
  type ExportTuning,
} from "./exports.server";
import { exportWorkerCount, stopExportWorkers, streamSignatureExport } from "./export-pool.server";

const slug = "1988-massacre-justice";
const DAY = 86_400_000;
const base = Date.UTC(2026, 0, 1, 9, 30, 0);

type Status = "pending" | "confirmed" | "invalidated";
type Row = typeof schema.signatures.$inferSelect;
type Expected = Record<ExportColumn, string | boolean | null>;

interface Fixture {
  /** null: the blob was blanked by a retention job (zero-length). */
  name: string | null;
  email: string | null;
  country: string;
  status: Status;
  createdAt: number;
  confirmedAt?: number | null;
  showPublicly?: boolean;
  wantsUpdates?: boolean;
  publicName?: string | null;
  /** undefined: no comment (NULL); null: blanked (zero-length blob). */
  comment?: string | null;
  locale?: "en" | "fa";
  powVerified?: boolean;
  invalidReason?: string | null;
  petitionId?: number;
}

function petitionId() {
  return findPetition(db(), slug)!.petition.id;
}

let serial = 0;
function insertFixtures(fixtures: Fixture[]) {
  const pid = petitionId();
  const values = fixtures.map((f) => {
    serial++;
    return {
      petitionId: f.petitionId ?? pid,
      emailHash: lookupHash("email", `${serial}:${f.email ?? "blank"}`),
      emailEnc: f.email === null ? Buffer.alloc(0) : encryptField("signatures.email", f.email),
      nameEnc: f.name === null ? Buffer.alloc(0) : encryptField("signatures.name", f.name),
      publicName: f.publicName ?? null,
      country: f.country,
      commentEnc: f.comment === undefined ? null : f.comment === null ? Buffer.alloc(0) : encryptField("signatures.comment", f.comment),
      commentStatus: f.comment ? ("pending" as const) : ("none" as const),
      showPublicly: f.showPublicly ?? false,
      wantsUpdates: f.wantsUpdates ?? false,
      status: f.status,
      invalidReason: f.invalidReason ?? null,
      invalidatedAt: f.status === "invalidated" ? new Date(f.createdAt + DAY) : null,
      locale: f.locale ?? "en",
      powVerified: f.powVerified ?? false,
      createdAt: new Date(f.createdAt),
      confirmedAt: f.confirmedAt == null ? null : new Date(f.confirmedAt),
      updatedAt: new Date(f.createdAt),
    };
  });
  db().transaction((tx) => {
    for (let i = 0; i < values.length; i += 400) tx.insert(schema.signatures).values(values.slice(i, i + 400)).run();
  });
}

function clearSignatures() {
  db().delete(schema.outbox).run();
  db().delete(schema.signatures).run();
  db().delete(schema.petitionCounts).run();
  db().delete(schema.petitionCountryCounts).run();
}

function otherPetitionId(): number {
  const existing = db().select().from(schema.petitions).where(eq(schema.petitions.slug, "export-test-other")).get();
  if (existing) return existing.id;
  const campaignId = findPetition(db(), slug)!.petition.campaignId;
  return db().insert(schema.petitions).values({ campaignId, slug: "export-test-other", goal: 10 }).returning().get().id;
}

// ---------------------------------------------------------------------------------------------------------
// The expected output, computed independently of the module: every row read with drizzle, filtered in JS.

function decryptOrNull(field: "signatures.name" | "signatures.email" | "signatures.comment", blob: Buffer | null): string | null {
  return blob && blob.length > 0 ? decryptField(field, blob) : null;
}

function countryNameMap(locale: "en" | "fa"): Map<string, string> {
  return new Map(db().select().from(schema.countries).all().map((c) => [c.code, locale === "en" ? c.nameEn : c.nameFa]));
}

function matches(row: Row, f: ExportFilters): boolean {
  if (row.petitionId !== f.petitionId) return false;
  if (!f.statuses.includes(row.status)) return false;
  if (f.countries && f.countries.length > 0 && !f.countries.includes(row.country)) return false;
  if (f.wantsUpdates !== undefined && row.wantsUpdates !== f.wantsUpdates) return false;
  if (f.showPublicly !== undefined && row.showPublicly !== f.showPublicly) return false;
  const onlyConfirmed = f.statuses.length > 0 && f.statuses.every((s) => s === "confirmed");
  const date = onlyConfirmed ? row.confirmedAt : row.createdAt;
  if (f.from && (!date || date.getTime() < f.from.getTime())) return false;
  if (f.to && (!date || date.getTime() >= f.to.getTime())) return false;
  return true;
}

function expectedRows(filters: ExportFilters, columns: readonly ExportColumn[], locale: "en" | "fa"): Expected[] {
  const names = countryNameMap(locale);
  return db()
    .select()
    .from(schema.signatures)
    .orderBy(schema.signatures.id)
    .all()
    .filter((row) => matches(row, filters))
    .map((row) => {
      const all: Expected = {
        name: decryptOrNull("signatures.name", row.nameEnc),
        email: decryptOrNull("signatures.email", row.emailEnc),
        country: row.country,
        country_name: names.get(row.country)!,
        status: row.status,
        created_at: row.createdAt.toISOString(),
        confirmed_at: row.confirmedAt ? row.confirmedAt.toISOString() : null,
        show_publicly: row.showPublicly,
        wants_updates: row.wantsUpdates,
        public_name: row.publicName,
        comment: decryptOrNull("signatures.comment", row.commentEnc),
        locale: row.locale,
        pow_verified: row.powVerified,
        invalid_reason: row.invalidReason,
      };
      return Object.fromEntries(columns.map((c) => [c, all[c]])) as Expected;
    });
}

/** What a spreadsheet might take for a formula: = + - @ TAB CR (or full-width = + - @) after optional whitespace. */
function looksLikeFormula(value: string): boolean {
  return /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u.test(value);
}

const textColumns = new Set<ExportColumn>(["name", "email", "country", "country_name", "status", "public_name", "comment", "locale", "invalid_reason"]);

/** Compares a parsed CSV cell with the database value; a formula-like text value must carry one apostrophe. */
function expectCsvCell(actual: string | undefined, expected: string | boolean | null, column: ExportColumn, where: string) {
  if (expected === null) return expect(actual, where).toBe("");
  if (typeof expected === "boolean") return expect(actual, where).toBe(expected ? "true" : "false");
  if (textColumns.has(column) && looksLikeFormula(expected)) {
    expect(actual, `${where}: formula neutralised`).toBe("'" + expected);
  } else {
    expect(actual, where).toBe(expected);
  }
}

function parseCsv(text: string): string[][] {
  // Strict: CRLF is the only record delimiter, every record has the header's number of fields.
  return parse(text, { record_delimiter: "\r\n", relax_column_count: false, relax_quotes: false }) as string[][];
}

/** The garbage collector, to measure retained memory rather than garbage (the flag can be set at run time). */
function garbageCollector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

async function readBytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const bomBytes = Buffer.from([0xef, 0xbb, 0xbf]);

async function csvExport(filters: ExportFilters, options: ExportOptions, tuning?: ExportTuning) {
  const bytes = await readBytes(exportSignatures(db(), filters, options, tuning));
  const hasBom = bytes.subarray(0, 3).equals(bomBytes);
  const text = bytes.subarray(hasBom ? 3 : 0).toString("utf8");
  return { bytes, hasBom, text, records: parseCsv(text) };
}

// ---------------------------------------------------------------------------------------------------------

describe("cells", () => {
  it("neutralises values a spreadsheet would run as formulas", () => {
    for (const v of ["=1+1", "+98 912", "-5", "@SUM(A1)", "\tx", "\rx", " =1+1", "\u00a0\u00a0+1", "\n-1", "＝1+1", "＠x"]) {
      expect(neutraliseFormula(v), JSON.stringify(v)).toBe("'" + v);
    }
    for (const v of ["", "Maryam", "مریم کریمی", "a=b", "'=1", "1-2", "  ", "x@example.org", "\u200c=1"]) {
      expect(neutraliseFormula(v), JSON.stringify(v)).toBe(v);
    }
  });

  it("quotes per RFC 4180, after neutralising", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell("a\rb")).toBe('"a\rb"');
    expect(csvCell("=1,2")).toBe("\"'=1,2\"");
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(" leading and trailing ")).toBe(" leading and trailing ");
  });
});

describe("exports of a varied petition", () => {
  const from = base + 3 * DAY;
  const to = base + 9 * DAY;
  let pid = 0;
  let fixtureEmails: string[] = [];

  beforeAll(() => {
    clearSignatures();
    pid = petitionId();
    const other = otherPetitionId();
    const t = (days: number, hours = 0) => base + days * DAY + hours * 3_600_000;
    const fixtures: Fixture[] = [
      { name: "مریم کریمی", email: "maryam.karimi@gmail.example", country: "IR", status: "confirmed", createdAt: t(0), confirmedAt: t(0, 2), showPublicly: true, publicName: "مریم ک.", locale: "fa", comment: "عدالت برای قربانیان، همین حالا", wantsUpdates: true, powVerified: true },
      { name: "Smith, John", email: "john.smith@example.org", country: "GB", status: "confirmed", createdAt: t(1), confirmedAt: t(1, 5), comment: "Justice, now; \"never again\"", wantsUpdates: true },
      { name: 'Ali "the lion" Rezaei', email: "ali.rezaei@example.net", country: "DE", status: "pending", createdAt: t(2), comment: "line one\r\nline two" },
      { name: "Line\nBreak", email: "lf@example.com", country: "SE", status: "invalidated", createdAt: t(3), invalidReason: "duplicate, same person", comment: "bare\rCR" },
      { name: '=HYPERLINK("http://example.com","click")', email: "formula1@example.com", country: "US", status: "confirmed", createdAt: t(3), confirmedAt: t(4), publicName: "=evil()", showPublicly: true },
      { name: "+98 912 000 0000", email: "plus@example.com", country: "IR", status: "confirmed", createdAt: t(4), confirmedAt: t(4, 1), comment: "+1 for this" },
      { name: "-2+3", email: "minus@example.com", country: "FR", status: "pending", createdAt: t(5), comment: "-minus comment", wantsUpdates: true },
      { name: "@SUM(A1:A9)", email: "at@example.com", country: "AF", status: "invalidated", createdAt: t(5, 3), invalidReason: "=cmd|' /C calc'!A0" },
      { name: "\tTabbed Name", email: "tab@example.com", country: "IR", status: "confirmed", createdAt: t(6), confirmedAt: t(8), comment: "\tindented" },
      { name: "\rCR first", email: "cr@example.com", country: "DE", status: "confirmed", createdAt: t(6, 1), confirmedAt: t(6, 2), wantsUpdates: true, showPublicly: true, publicName: "CR f." },
      { name: " =1+1", email: "space-formula@example.com", country: "GB", status: "pending", createdAt: t(7) },
      { name: "＝1+1", email: "fullwidth@example.com", country: "SE", status: "confirmed", createdAt: t(7, 4), confirmedAt: t(9) },
      { name: "Zoë Ångström-Łukasz", email: "zoe@example.com", country: "SE", status: "confirmed", createdAt: t(8), confirmedAt: t(8, 23), wantsUpdates: true, locale: "en" },
      { name: "'already quoted", email: "apos@example.com", country: "FR", status: "confirmed", createdAt: t(9), confirmedAt: t(10), comment: "😀 emoji, and \"quotes\"" },
      { name: "Name\u2028with separator", email: "sep@example.com", country: "US", status: "pending", createdAt: t(10), comment: "para\u2029graph" },
      { name: null, email: null, country: "IR", status: "confirmed", createdAt: t(2), confirmedAt: t(3), comment: null, showPublicly: true },
      { name: "علی محمدی", email: "ali.mohammadi@example.ir", country: "IR", status: "confirmed", createdAt: t(2, 12), confirmedAt: from, wantsUpdates: true },
      { name: "Exactly To", email: "to-edge@example.com", country: "DE", status: "confirmed", createdAt: to, confirmedAt: to },
      { name: "Exactly From", email: "from-edge@example.com", country: "US", status: "pending", createdAt: from },
      { name: "Other Petition Person", email: "other-petition@example.com", country: "IR", status: "confirmed", createdAt: t(4), confirmedAt: t(5), petitionId: other },
      { name: "Invalidated, Iranian", email: "inv-ir@example.com", country: "IR", status: "invalidated", createdAt: t(11), invalidReason: "bot", wantsUpdates: true },
      { name: "Late Confirmer", email: "late@example.com", country: "AF", status: "confirmed", createdAt: t(1), confirmedAt: t(12), powVerified: true },
    ];
    insertFixtures(fixtures);
    fixtureEmails = fixtures.map((f) => f.email).filter((e): e is string => e !== null);

    // And one made the way the site makes them.
    const found = findPetition(db(), slug)!;
    signPetition(db(), found, { fullName: "Sara Ahmadi", email: "sara.ahmadi@example.com", country: "CA", comment: "From Toronto, with love", showPublicly: true, wantsUpdates: false }, { locale: "en", ipHash: null, powVerified: true, now: new Date(t(2, 6)) });
    const sara = db().select().from(schema.signatures).where(eq(schema.signatures.country, "CA")).get()!;
    const token = db().select().from(schema.outbox).where(eq(schema.outbox.signatureId, sara.id)).all();
    const link = decryptField("outbox.payload", token[0]!.payloadEnc!).match(/\/signatures\/confirm\/([A-Za-z0-9_.-]+)/)![1]!;
    expect(confirmSignature(db(), link, new Date(t(2, 7))).status).toBe("confirmed");
    fixtureEmails.push("sara.ahmadi@example.com");
  });

  const allStatuses: Status[] = ["pending", "confirmed", "invalidated"];
  const cases: { label: string; filters: () => ExportFilters; options: ExportOptions }[] = [
    {
      label: "everything, every column, BOM",
      filters: () => ({ petitionId: pid, statuses: allStatuses }),
      options: { format: "csv", columns: [...exportColumns], bom: true, locale: "en" },
    },
    {
      label: "confirmed in a date range (on confirmed_at), delivery-style columns, no BOM",
      filters: () => ({ petitionId: pid, statuses: ["confirmed"], from: new Date(from), to: new Date(to) }),
      options: { format: "csv", columns: ["name", "email", "country", "confirmed_at"], bom: false, locale: "en" },
    },
    {
      label: "pending and invalidated in a date range (on created_at), two countries, wanting updates, Persian country names",
      filters: () => ({ petitionId: pid, statuses: ["pending", "invalidated"], countries: ["IR", "DE", "SE", "FR"], wantsUpdates: true, from: new Date(base), to: new Date(base + 30 * DAY) }),
      options: { format: "csv", columns: ["comment", "name", "country_name", "status", "invalid_reason", "created_at"], bom: true, locale: "fa" },
    },
    {
      label: "not shown publicly, any status, odd column order",
      filters: () => ({ petitionId: pid, statuses: ["invalidated", "confirmed", "pending"], showPublicly: false }),
      options: { format: "csv", columns: ["public_name", "pow_verified", "locale", "country", "email", "wants_updates", "show_publicly"], bom: false, locale: "en" },
    },
    {
      label: "shown publicly and confirmed",
      filters: () => ({ petitionId: pid, statuses: ["confirmed"], showPublicly: true, countries: ["IR", "US", "DE", "CA"] }),
      options: { format: "csv", columns: ["name", "public_name", "country_name", "comment"], bom: true, locale: "fa" },
    },
  ];

  for (const c of cases) {
    it(`CSV matches the database row for row: ${c.label}`, async () => {
      const filters = c.filters();
      const expected = expectedRows(filters, c.options.columns, c.options.locale);
      expect(expected.length).toBeGreaterThan(0);
      const { bytes, hasBom, text, records } = await csvExport(filters, c.options);
      expect(hasBom).toBe(c.options.bom);
      if (!c.options.bom) expect(bytes[0]).toBe(c.options.columns[0]!.charCodeAt(0));
      expect(text.endsWith("\r\n")).toBe(true);
      expect(records[0]).toEqual(c.options.columns);
      expect(records.length - 1).toBe(expected.length);
      expect(countExportRows(db(), filters)).toBe(expected.length);
      expected.forEach((row, i) => {
        const record = records[i + 1]!;
        expect(record).toHaveLength(c.options.columns.length);
        c.options.columns.forEach((column, k) => expectCsvCell(record[k], row[column], column, `row ${i + 1} ${column}`));
      });
      // Dates are ISO 8601 UTC; booleans true/false.
      for (const record of records.slice(1)) {
        c.options.columns.forEach((column, k) => {
          if (column.endsWith("_at") && record[k] !== "") expect(record[k]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          if (["show_publicly", "wants_updates", "pow_verified"].includes(column)) expect(["true", "false"]).toContain(record[k]);
        });
      }

      // Tiny batches and windows give exactly the same bytes.
      for (const tuning of [{ batchRows: 1, windowIds: 1 }, { batchRows: 2, windowIds: 3 }, { batchRows: 3, windowIds: 1000 }]) {
        expect((await readBytes(exportSignatures(db(), filters, c.options, tuning))).equals(bytes), JSON.stringify(tuning)).toBe(true);
      }
    });
  }

  it("puts the formula apostrophe exactly on formula-like cells", async () => {
    const { records } = await csvExport({ petitionId: pid, statuses: allStatuses }, { format: "csv", columns: ["name", "public_name", "invalid_reason", "comment"], bom: false, locale: "en" });
    const cells = records.slice(1).flat();
    for (const v of ['=HYPERLINK("http://example.com","click")', "+98 912 000 0000", "-2+3", "@SUM(A1:A9)", "\tTabbed Name", "\rCR first", " =1+1", "＝1+1", "=evil()", "=cmd|' /C calc'!A0", "+1 for this", "-minus comment", "\tindented"]) {
      expect(cells, v).toContain("'" + v);
      expect(cells, v).not.toContain(v);
    }
    expect(cells).toContain("'already quoted");
    expect(cells).toContain("Smith, John");
    expect(cells).toContain("مریم کریمی");
  });

  it("dates: from is included, to is excluded, on confirmed_at for confirmed-only exports", async () => {
    const confirmedOnly = await csvExport({ petitionId: pid, statuses: ["confirmed"], from: new Date(from), to: new Date(to) }, { format: "csv", columns: ["name"], bom: false, locale: "en" });
    const names = confirmedOnly.records.slice(1).map((r) => r[0]);
    expect(names).toContain("علی محمدی"); // confirmed_at === from, created before the range
    expect(names).not.toContain("Exactly To"); // confirmed_at === to
    expect(names).not.toContain("Late Confirmer"); // confirmed on day 12, after to
    const anyStatus = await csvExport({ petitionId: pid, statuses: ["pending", "confirmed"], from: new Date(from), to: new Date(to) }, { format: "csv", columns: ["name"], bom: false, locale: "en" });
    const names2 = anyStatus.records.slice(1).map((r) => r[0]);
    expect(names2).toContain("Exactly From"); // created_at === from
    expect(names2).not.toContain("علی محمدی"); // created on day 2, before from
    expect(names2).not.toContain("Exactly To");
  });

  it("exports removed personal data as empty cells (CSV) and null (JSON Lines)", async () => {
    const filters: ExportFilters = { petitionId: pid, statuses: ["confirmed"], countries: ["IR"], showPublicly: true };
    const { records } = await csvExport(filters, { format: "csv", columns: ["name", "email", "comment", "country"], bom: false, locale: "en" });
    expect(records).toContainEqual(["", "", "", "IR"]);
    const jsonl = await new Response(exportSignatures(db(), filters, { format: "jsonl", columns: ["name", "email", "comment"], bom: false, locale: "en" })).text();
    expect(jsonl.split("\n").filter(Boolean).map((l) => JSON.parse(l) as unknown)).toContainEqual({ name: null, email: null, comment: null });
  });

  it("JSON Lines: one object per line with the chosen keys and the exact values", async () => {
    for (const [filters, columns, locale] of [
      [{ petitionId: pid, statuses: allStatuses }, [...exportColumns], "en"],
      [{ petitionId: pid, statuses: ["confirmed"], from: new Date(from) }, ["email", "confirmed_at", "country_name", "wants_updates"], "fa"],
    ] as [ExportFilters, ExportColumn[], "en" | "fa"][]) {
      const bytes = await readBytes(exportSignatures(db(), filters, { format: "jsonl", columns, bom: true, locale }));
      expect(bytes.subarray(0, 3).equals(bomBytes)).toBe(false); // never a BOM in JSON
      const text = bytes.toString("utf8");
      expect(text.endsWith("\n")).toBe(true);
      expect(text).not.toContain("\r\n");
      expect(text).not.toMatch(/[\u2028\u2029]/);
      const lines = text.slice(0, -1).split("\n");
      const expected = expectedRows(filters, columns, locale);
      expect(lines).toHaveLength(expected.length);
      lines.forEach((line, i) => {
        const object = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(object)).toEqual(columns);
        expect(object).toEqual(expected[i]);
      });
      // Also equal when read in tiny batches.
      expect((await readBytes(exportSignatures(db(), filters, { format: "jsonl", columns, bom: false, locale }, { batchRows: 2, windowIds: 2 }))).equals(bytes)).toBe(true);
    }
  });

  it("delivery list: confirmed signatures only, name and country name, ordered by country name then id, no email", async () => {
    for (const locale of ["en", "fa"] as const) {
      for (const bom of [true, false]) {
        const bytes = await readBytes(deliveryList(db(), pid, { bom, locale }));
        expect(bytes.subarray(0, 3).equals(bomBytes)).toBe(bom);
        for (const email of fixtureEmails) expect(bytes.indexOf(Buffer.from(email, "utf8")), email).toBe(-1);
        expect(bytes.indexOf(Buffer.from("@example"))).toBe(-1);
        const records = parseCsv(bytes.subarray(bom ? 3 : 0).toString("utf8"));
        expect(records[0]).toEqual(["name", "country"]);

        const names = countryNameMap(locale);
        const collator = new Intl.Collator(localeInfo[locale].intl);
        const expected = db()
          .select()
          .from(schema.signatures)
          .where(eq(schema.signatures.petitionId, pid))
          .all()
          .filter((row) => row.status === "confirmed")
          .map((row) => ({ id: row.id, name: decryptOrNull("signatures.name", row.nameEnc) ?? "", country: names.get(row.country)! }))
          .sort((a, b) => collator.compare(a.country, b.country) || a.id - b.id);
        expect(records.length - 1).toBe(expected.length);
        expected.forEach((row, i) => {
          expect(records[i + 1]).toHaveLength(2);
          expectCsvCell(records[i + 1]![0], row.name, "name", `row ${i + 1} name`);
          expectCsvCell(records[i + 1]![1], row.country, "country_name", `row ${i + 1} country`);
        });
        expect(records.slice(1).map((r) => r[0])).not.toContain("Other Petition Person");

        // Batches of one give the same bytes.
        expect((await readBytes(deliveryList(db(), pid, { bom, locale }, { batchRows: 1, windowIds: 2 }))).equals(bytes)).toBe(true);
      }
    }
  });

  it("counts by country: exact, by count then name, with a total", () => {
    for (const locale of ["en", "fa"] as const) {
      const csv = countsByCountryCsv(db(), pid, { bom: true, locale });
      expect(csv.startsWith("\uFEFFcountry_code,country,signatures\r\n")).toBe(true);
      const records = parseCsv(csv.slice(1));
      const names = countryNameMap(locale);
      const counts = new Map<string, number>();
      for (const row of db().select().from(schema.signatures).where(eq(schema.signatures.petitionId, pid)).all()) {
        if (row.status === "confirmed") counts.set(row.country, (counts.get(row.country) ?? 0) + 1);
      }
      const collator = new Intl.Collator(localeInfo[locale].intl);
      const expected = [...counts]
        .map(([code, n]) => ({ code, name: names.get(code)!, n }))
        .sort((a, b) => b.n - a.n || collator.compare(a.name, b.name))
        .map((c) => [c.code, c.name, String(c.n)]);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      expect(records.slice(1)).toEqual([...expected, ["TOTAL", "", String(total)]]);
      expect(total).toBe(countExportRows(db(), { petitionId: pid, statuses: ["confirmed"] }));
      expect(countsByCountryCsv(db(), pid, { bom: false, locale }).startsWith("country_code,")).toBe(true);
    }
  });

  it("refuses filters and options that would give a wrong export", () => {
    const ok: ExportOptions = { format: "csv", columns: ["name"], bom: false, locale: "en" };
    expect(() => exportSignatures(db(), { petitionId: pid, statuses: [] }, ok)).toThrow(/at least one status/);
    expect(() => countExportRows(db(), { petitionId: pid, statuses: ["confirmed"], countries: ["UK"] })).toThrow(/Unknown country code UK/);
    expect(() => countExportRows(db(), { petitionId: pid, statuses: ["confirmed"], countries: ["ir"] })).toThrow(/Unknown country/);
    expect(() => countExportRows(db(), { petitionId: pid, statuses: ["confirmed"], from: new Date("nope") })).toThrow(/valid date/);
    expect(() => exportSignatures(db(), { petitionId: pid, statuses: ["confirmed"] }, { ...ok, columns: [] })).toThrow(/at least one column/);
    expect(() => exportSignatures(db(), { petitionId: pid, statuses: ["confirmed"] }, { ...ok, columns: ["name", "name"] })).toThrow(/twice/);
    expect(() => exportSignatures(db(), { petitionId: pid, statuses: ["confirmed"] }, { ...ok, columns: ["ip_hash" as ExportColumn] })).toThrow(/Unknown export column/);
  });

  it("covers the signatures that existed when it started, and stops when cancelled", async () => {
    const filters: ExportFilters = { petitionId: pid, statuses: allStatuses };
    const before = countExportRows(db(), filters);
    const reader = exportSignatures(db(), filters, { format: "csv", columns: ["name"], bom: false, locale: "en" }, { batchRows: 2, windowIds: 1000 }).getReader();
    const chunks: Uint8Array[] = [(await reader.read()).value!];
    insertFixtures([{ name: "Arrived During Export", email: "during@example.com", country: "IR", status: "confirmed", createdAt: base, confirmedAt: base }]);
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const records = parseCsv(Buffer.concat(chunks).toString("utf8"));
    expect(records.length - 1).toBe(before);
    expect(records.flat()).not.toContain("Arrived During Export");

    const cancelled = exportSignatures(db(), filters, { format: "csv", columns: ["name"], bom: false, locale: "en" }, { batchRows: 1, windowIds: 1 }).getReader();
    await cancelled.read();
    await cancelled.read();
    await cancelled.cancel();
    expect((await cancelled.read()).done).toBe(true);
    db().delete(schema.signatures).where(eq(schema.signatures.emailHash, lookupHash("email", `${serial}:during@example.com`))).run();
  });

  it("closes the connection it reads through when the export ends, is cancelled or fails", async () => {
    // Files of the database this process holds open: exports read through connections of their own (SQLite
    // may keep one closed connection's file open for the next one, never one per export).
    const file = path.resolve(db().$client.name);
    const openFiles = () =>
      fs.readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return fs.readlinkSync(path.join("/proc/self/fd", fd)) === file;
        } catch {
          return false;
        }
      }).length;
    const before = openFiles();
    const filters: ExportFilters = { petitionId: pid, statuses: allStatuses };
    const options: ExportOptions = { format: "csv", columns: ["name"], bom: false, locale: "en" };
    for (let i = 0; i < 3; i++) {
      const running = exportSignatures(db(), filters, options, { batchRows: 1, windowIds: 1 }).getReader();
      await running.read();
      await running.read();
      await running.cancel();
      await new Response(exportSignatures(db(), filters, options)).text();
      await new Response(deliveryList(db(), pid, { bom: false, locale: "en" })).text();
      const list = deliveryList(db(), pid, { bom: false, locale: "en" }, { batchRows: 1, windowIds: 1 }).getReader();
      await list.read();
      await list.cancel();
      expect(() => exportSignatures(db(), { petitionId: pid, statuses: [] }, options)).toThrow();
    }
    expect(openFiles()).toBeLessThanOrEqual(before + 1);
  });

  it("errors the stream (never an empty name) when a blob cannot be decrypted", async () => {
    insertFixtures([{ name: "Soon Corrupted", email: "corrupt@example.com", country: "IR", status: "confirmed", createdAt: base, confirmedAt: base }]);
    const hash = lookupHash("email", `${serial}:corrupt@example.com`);
    const row = db().select().from(schema.signatures).where(eq(schema.signatures.emailHash, hash)).get()!;
    const broken = Buffer.from(row.nameEnc);
    broken[broken.length - 1]! ^= 0xff;
    db().update(schema.signatures).set({ nameEnc: broken }).where(eq(schema.signatures.id, row.id)).run();
    const filters: ExportFilters = { petitionId: pid, statuses: ["confirmed"] };
    await expect(new Response(exportSignatures(db(), filters, { format: "csv", columns: ["name"], bom: false, locale: "en" })).text()).rejects.toThrow(`Signature ${row.id}: cannot decrypt signatures.name`);
    await expect(new Response(deliveryList(db(), pid, { bom: false, locale: "en" })).text()).rejects.toThrow(/cannot decrypt/);
    // Columns that do not need the broken blob still export.
    await expect(new Response(exportSignatures(db(), filters, { format: "csv", columns: ["email", "country"], bom: false, locale: "en" })).text()).resolves.toContain("corrupt@example.com");
    db().delete(schema.signatures).where(eq(schema.signatures.id, row.id)).run();
  });
});

describe("a large export", () => {
  const total = 20_000;
  const countries = ["IR", "DE", "US", "GB", "FR", "SE", "CA", "AF", "TR", "NL", "AU", "NO"];
  let pid = 0;

  beforeAll(() => {
    clearSignatures();
    pid = petitionId();
    const other = otherPetitionId();
    const fixtures: Fixture[] = [];
    for (let i = 0; i < total; i++) {
      const status: Status = i % 10 === 0 ? "pending" : i % 37 === 0 ? "invalidated" : "confirmed";
      fixtures.push({
        name: i % 3 === 0 ? `مریم کریمی ${i}` : `Signer Number ${i}`,
        email: `signer${i}@bulk.example.com`,
        country: countries[i % countries.length]!,
        status,
        createdAt: base + i * 60_000,
        confirmedAt: status === "confirmed" ? base + i * 60_000 + 3_600_000 : null,
        wantsUpdates: i % 2 === 0,
        showPublicly: i % 5 === 0,
      });
      // Another petition's signatures interleaved: never exported with this one.
      if (i % 7 === 0) fixtures.push({ name: `Elsewhere ${i}`, email: `elsewhere${i}@bulk.example.com`, country: "IR", status: "confirmed", createdAt: base, confirmedAt: base, petitionId: other });
    }
    insertFixtures(fixtures);
  }, 120_000);

  it("streams in batches without holding the connection, with flat memory", async () => {
    const filters: ExportFilters = { petitionId: pid, statuses: ["pending", "confirmed", "invalidated"] };
    const expectedRows = countExportRows(db(), filters);
    expect(expectedRows).toBe(total);

    let timerFiredAtChunk = -1;
    let chunks = 0;
    let rows = 0;
    let largestChunk = 0;
    let largestRetained = 0;
    const gc = garbageCollector();
    /** Live JS heap plus array buffers (where chunk bytes live). */
    const retained = () => {
      // Twice: the first collection can leave objects that only a second one frees (finalizers, weak maps).
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    let bytes = 0;
    const retainedBefore = retained();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const stream = exportSignatures(db(), filters, { format: "csv", columns: ["name", "email", "country", "confirmed_at"], bom: true, locale: "en" });
    setTimeout(() => (timerFiredAtChunk = chunks), 0);
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      largestChunk = Math.max(largestChunk, r.value.byteLength);
      bytes += r.value.byteLength;
      for (const byte of r.value) if (byte === 0x0a) rows++;
      if (chunks === 2) {
        // Between two batches the connection is free for everyone else.
        expect(db().select().from(schema.countries).get()).toBeDefined();
        db().update(schema.petitions).set({ goal: 11 }).where(eq(schema.petitions.id, otherPetitionId())).run();
      }
      if (chunks % 8 === 0) largestRetained = Math.max(largestRetained, retained() - retainedBefore);
    }
    const seconds = (performance.now() - started) / 1000;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(rows - 1).toBe(total); // header + one line per signature
    expect(chunks).toBeGreaterThan(5); // header, then batches of 2,000 rows
    expect(largestChunk).toBeLessThan(1_000_000);
    // The event loop ran while the export was being read in a tight loop.
    expect(timerFiredAtChunk).toBeGreaterThan(-1);
    expect(timerFiredAtChunk).toBeLessThan(chunks);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
    // What stays alive while streaming is about one batch, not the export (1.5 MB of bytes here, more as rows).
    expect(bytes).toBeGreaterThan(1_400_000);
    expect(largestRetained).toBeLessThan(1_000_000);
    console.info(
      `export: ${total} rows (name,email,country,confirmed_at) in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s, ${chunks} chunks, ` +
        `heap ${(heapGrowth / 1e6).toFixed(1)} MB after, at most ${(largestRetained / 1e6).toFixed(2)} MB retained while streaming`,
    );
  }, 60_000);

  it("is exact on the large set too, and the delivery list is in order", async () => {
    const filters: ExportFilters = { petitionId: pid, statuses: ["confirmed"], countries: ["IR", "SE", "NO"], wantsUpdates: true };
    const columns: ExportColumn[] = ["name", "email", "country", "confirmed_at"];
    const { records } = await csvExport(filters, { format: "csv", columns, bom: false, locale: "en" });
    const expected = expectedRows(filters, columns, "en");
    expect(records.length - 1).toBe(expected.length);
    expect(records.slice(1)).toEqual(expected.map((row) => columns.map((c) => row[c] ?? "")));

    const started = performance.now();
    const bytes = await readBytes(deliveryList(db(), pid, { bom: false, locale: "fa" }));
    const seconds = (performance.now() - started) / 1000;
    const list = parseCsv(bytes.toString("utf8")).slice(1);
    const confirmed = countExportRows(db(), { petitionId: pid, statuses: ["confirmed"] });
    expect(list).toHaveLength(confirmed);
    expect(bytes.indexOf(Buffer.from("bulk.example.com"))).toBe(-1);
    expect(list.map((r) => r[0])).not.toContain("Elsewhere 0");
    const collator = new Intl.Collator(localeInfo.fa.intl);
    for (let i = 1; i < list.length; i++) {
      const order = collator.compare(list[i - 1]![1]!, list[i]![1]!);
      expect(order, `row ${i}`).toBeLessThanOrEqual(0);
      if (order === 0) {
        const a = Number(/\d+$/.exec(list[i - 1]![0]!)![0]);
        const b = Number(/\d+$/.exec(list[i]![0]!)![0]);
        expect(a).toBeLessThan(b); // inserted in this order, so ids ascend with the number
      }
    }
    console.info(`delivery list: ${confirmed} rows in ${seconds.toFixed(2)} s = ${Math.round(confirmed / seconds)} rows/s`);
  }, 60_000);
});

describe("exports on worker threads", () => {
  let pid = 0;
  const workersBefore = process.env.EXPORT_WORKERS;
  beforeAll(() => {
    pid = petitionId();
    process.env.EXPORT_WORKERS = "2";
    resetEnvForTests();
  });
  afterAll(async () => {
    await stopExportWorkers();
    if (workersBefore === undefined) delete process.env.EXPORT_WORKERS;
    else process.env.EXPORT_WORKERS = workersBefore;
    resetEnvForTests();
  });

  it("give exactly the bytes of the main-thread export, for any options and window size", async () => {
    const cases: { filters: ExportFilters; options: ExportOptions }[] = [
      { filters: { petitionId: pid, statuses: ["confirmed"] }, options: { format: "csv", columns: ["name", "email", "country", "confirmed_at"], bom: true, locale: "en" } },
      { filters: { petitionId: pid, statuses: ["pending", "confirmed", "invalidated"], countries: ["IR", "DE"] }, options: { format: "jsonl", columns: ["email", "comment", "name", "status", "country_name", "wants_updates"], bom: false, locale: "fa" } },
      { filters: { petitionId: pid, statuses: ["confirmed"], wantsUpdates: false }, options: { format: "csv", columns: ["country", "created_at"], bom: false, locale: "en" } },
    ];
    for (const { filters, options } of cases) {
      const expected = await readBytes(exportSignatures(db(), filters, options));
      expect(expected.length).toBeGreaterThan(100);
      for (const windowIds of [4096, 777, 3]) {
        const stream = streamSignatureExport(db(), filters, options, { windowIds });
        expect(exportWorkerCount()).toBe(2);
        const bytes = await readBytes(stream);
        expect(bytes.equals(expected), `${JSON.stringify(options)} in windows of ${windowIds}`).toBe(true);
      }
    }
  }, 60_000);

  it("fail the stream when a value cannot be decrypted, and validate before starting", async () => {
    insertFixtures([{ name: "Worker Corrupted", email: "worker-corrupt@example.com", country: "IR", status: "confirmed", createdAt: base, confirmedAt: base }]);
    const hash = lookupHash("email", `${serial}:worker-corrupt@example.com`);
    const row = db().select().from(schema.signatures).where(eq(schema.signatures.emailHash, hash)).get()!;
    const broken = Buffer.from(row.emailEnc);
    broken[20] = broken[20]! ^ 1;
    db().update(schema.signatures).set({ emailEnc: broken }).where(eq(schema.signatures.id, row.id)).run();
    const filters: ExportFilters = { petitionId: pid, statuses: ["confirmed"] };
    await expect(new Response(streamSignatureExport(db(), filters, { format: "csv", columns: ["email"], bom: false, locale: "en" })).text()).rejects.toThrow(
      `Signature ${row.id}: cannot decrypt signatures.email`,
    );
    db().delete(schema.signatures).where(eq(schema.signatures.id, row.id)).run();
    expect(() => streamSignatureExport(db(), { petitionId: pid, statuses: [] }, { format: "csv", columns: ["name"], bom: false, locale: "en" })).toThrow(/at least one status/);
  }, 60_000);

  it("can be cancelled half-way", async () => {
    const reader = streamSignatureExport(db(), { petitionId: pid, statuses: ["confirmed", "pending", "invalidated"] }, { format: "csv", columns: ["name"], bom: false, locale: "en" }, { windowIds: 10 }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
  }, 60_000);
});
