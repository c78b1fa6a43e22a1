// Property tests of the recipients importer: any bytes, any CSV, any JSON — parsing and planning never
// throw; every problem names a row and a code; every row accepted keeps the documented limits; nothing is
// written until an import is applied, and an import with problems writes nothing at all.
import fc from "fast-check";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attackStrings, formText, hostileString } from "../../tests/setup/arbitraries";
import { db, schema } from "~/utils/db.server";
import { applyImport, ImportRefusedError, isValidEmail, parseRecipientsFile, planImport, type ImportFormat, type ParseResult } from "./importer.server";

const columns = ["kind", "country", "key", "name_en", "name_fa", "salutation_en", "salutation_fa", "email", "postal_address", "phone", "website", "status"] as const;
const maxLength: Record<string, number> = {
  name_en: 300,
  name_fa: 300,
  salutation_en: 300,
  salutation_fa: 300,
  postal_address: 1000,
  email: 254,
  phone: 100,
  website: 500,
  key: 100,
};

function recipientCount() {
  return db().select({ n: count() }).from(schema.recipients).get()!.n;
}

function expectSound(result: ParseResult, format?: ImportFormat) {
  if (format) expect(result.format).toBe(format);
  for (const p of result.problems) {
    expect(Number.isInteger(p.row) && p.row >= 0, JSON.stringify(p)).toBe(true);
    expect(p.code).toMatch(/^[a-z_]+(?:[.-][a-z_-]+)*$/);
    expect(p.message.length).toBeGreaterThan(0);
  }
  for (const row of result.rows) {
    expect(["mission_ny", "mission_geneva", "other"]).toContain(row.kind);
    if (row.kind === "other") expect(row.key).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    else {
      expect(row.key).toBeNull();
      expect(row.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(row.email !== null || row.postalAddress !== null).toBe(true);
    if (row.email !== null) expect(isValidEmail(row.email)).toBe(true);
    const text: Record<string, string | null> = {
      name_en: row.nameEn,
      name_fa: row.nameFa,
      salutation_en: row.salutationEn,
      salutation_fa: row.salutationFa,
      postal_address: row.postalAddress,
      email: row.email,
      phone: row.phone,
      website: row.website,
      key: row.key,
    };
    for (const [field, value] of Object.entries(text)) if (value !== null) expect(value.length, field).toBeLessThanOrEqual(maxLength[field]!);
    if (row.website !== null) expect(row.website).toMatch(/^https?:\/\//);
    expect(row.nameEn.trim()).not.toBe("");
  }
  // No row is both accepted and refused.
  const accepted = new Set(result.rows.map((r) => r.row));
  for (const p of result.problems) if (p.row > 1) expect(accepted.has(p.row), `row ${p.row}`).toBe(false);
}

/** One CSV cell as a spreadsheet would write it: quoted when needed. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const cell = fc.oneof(
  { weight: 4, arbitrary: formText(60) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("ny", "geneva", "other", "IR", "FR", "Iran", "Côte d'Ivoire", "sr-iran", "mission@example.org", "https://example.org", "active", "blocked"),
  },
  { weight: 1, arbitrary: fc.constantFrom(...attackStrings) },
);

describe("the recipients importer, under hostile files", () => {
  it("never throws on arbitrary bytes (valid UTF-8 or not), whatever the format asked for", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom<ImportFormat | undefined>(undefined, "csv", "bluebook"),
        fc.constantFrom(undefined, "x.csv", "x.json", "x"),
        (bytes, format, filename) => {
          const result = parseRecipientsFile(Buffer.from(bytes), { format, filename });
          expectSound(result, format);
          expectSound(planImport(db(), result), format);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary text, and refuses text that is not UTF-8 as a whole", () => {
    fc.assert(
      fc.property(hostileString(300), (text) => {
        expectSound(parseRecipientsFile(text));
        expectSound(parseRecipientsFile(text, { format: "bluebook" }), "bluebook");
      }),
      { numRuns: 300 },
    );
    const broken = parseRecipientsFile(Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x0a, 0xff, 0xfe, 0xc0, 0xaf]), { format: "csv" });
    expect(broken.rows).toEqual([]);
    expect(broken.problems.map((p) => p.code)).toEqual(["file.unreadable"]);
  });

  it("a CSV file of random cells under a real header: each row accepted within the limits, or refused by row", () => {
    const header = fc.shuffledSubarray([...columns], { minLength: 1 });
    fc.assert(
      fc.property(header, fc.array(fc.array(cell, { minLength: 0, maxLength: 14 }), { maxLength: 12 }), fc.boolean(), (names, rows, crlf) => {
        const eol = crlf ? "\r\n" : "\n";
        const text = [names.join(","), ...rows.map((r) => r.map(csvField).join(","))].join(eol) + eol;
        const result = parseRecipientsFile(text, { format: "csv" });
        expectSound(result, "csv");
        expectSound(planImport(db(), result), "csv");
      }),
      { numRuns: 400 },
    );
  });

  it("a Blue Book file of random entries: each entry accepted within the limits, refused, or skipped", () => {
    const value = fc.oneof(cell, fc.integer(), fc.constant(null), fc.boolean(), fc.array(cell, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), cell, { maxKeys: 2 }));
    const entry = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record(
          { MC_Category: fc.oneof(fc.constant(1), fc.constant("1"), value), MC_Entity: value, MC_eMail: value, MC_Address: value, MC_Telephone: value, MC_WebSite: value },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: value },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.boolean(), (entries, wrapped) => {
        const text = JSON.stringify(wrapped ? { countries: entries } : entries);
        const result = parseRecipientsFile(text, { format: "bluebook" });
        expectSound(result, "bluebook");
        expect(result.rows.length + new Set(result.problems.map((p) => p.row)).size + result.skipped.length).toBeLessThanOrEqual(entries.length);
        expectSound(planImport(db(), result), "bluebook");
      }),
      { numRuns: 300 },
    );
  });

  it("an import with any problem writes nothing, not even its valid rows", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("ny", "geneva", "bogus"), fc.constantFrom("IR", "FR", "ZZ", "DE"), formText(30)), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = ["kind,country,email,name_en", ...rows.map(([kind, country, name], i) => [kind, country, `m${i}@example.org`, csvField(name)].join(","))].join("\n");
        const plan = planImport(db(), parseRecipientsFile(text, { format: "csv" }));
        const before = recipientCount();
        if (plan.problems.length === 0) return;
        expect(() => applyImport(db(), plan)).toThrow(ImportRefusedError);
        expect(recipientCount()).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});
