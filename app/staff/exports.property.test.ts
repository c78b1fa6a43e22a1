// Property tests of the CSV cells of exports: for any text, a strict RFC 4180 reader gets back exactly the
// value, with one apostrophe in front when (and only when) a spreadsheet could take it for a formula — a value
// starting with = + - @ TAB or CR (or full-width ＝ ＋ － ＠), also after leading white space, as the code says.
// And whole exports of random rows read back exactly, in CSV and in JSON Lines.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { anyUnicode, attackStrings, hostileString, wellFormed } from "../../tests/setup/arbitraries";
import { findPetition } from "~/petitions/petition.server";
import { encryptField, lookupHash } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import { csvCell, exportSignatures, isoTimestamp, neutraliseFormula, type ExportColumn } from "./exports.server";

/** A strict RFC 4180 reader: CRLF between records, quotes only around whole fields, "" for a quote inside. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = "";
    wasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') {
        field += c;
        i += 1;
      } else if (text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else {
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== "," && !(next === "\r" && text[i + 1] === "\n")) throw new Error(`characters after a closing quote at ${i}`);
      }
      continue;
    }
    if (c === '"') {
      if (field !== "" || wasQuoted) throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      wasQuoted = true;
      i += 1;
    } else if (c === ",") {
      endField();
      i += 1;
    } else if (c === "\r") {
      if (text[i + 1] !== "\n") throw new Error(`a bare CR outside quotes at ${i}`);
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (c === "\n") {
      throw new Error(`a bare LF outside quotes at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error("an unterminated quoted field");
  if (field !== "" || wasQuoted || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

/** The rule as documented, written independently of the code: leading white space (which a spreadsheet may trim) may hide a trigger. */
function looksLikeFormula(value: string): boolean {
  const lead = /^\s*/u.exec(value)![0];
  if (/[\t\r]/.test(lead)) return true;
  const next = value[lead.length];
  return next !== undefined && "=+-@＝＋－＠".includes(next);
}

const cellText = fc.oneof(
  hostileString(60),
  fc
    .tuple(
      fc.constantFrom(" ", "\u00A0", "\u3000", "\uFEFF", "\n", "\u2028", ""),
      fc.constantFrom("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "a", "'"),
      anyUnicode(20),
    )
    .map(([space, first, rest]) => space + first + rest),
  fc.string({ unit: fc.constantFrom(",", '"', "\r", "\n", "\r\n", "=", " ", "a", "'"), maxLength: 30 }),
);

describe("CSV cells, for any text", () => {
  it("neutralise exactly the formula-like values, with one leading apostrophe", () => {
    fc.assert(
      fc.property(cellText, (value) => {
        const out = neutraliseFormula(value);
        expect(out).toBe(looksLikeFormula(value) ? `'${value}` : value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("read back exactly (after neutralisation) by a strict RFC 4180 reader, alone and in a row", () => {
    fc.assert(
      fc.property(fc.array(cellText, { minLength: 1, maxLength: 6 }), (values) => {
        for (const value of values) {
          const cell = csvCell(value);
          const [record, ...rest] = readCsv(`${cell}\r\n`);
          expect(rest).toEqual([]);
          expect(record).toEqual([neutraliseFormula(value)]);
        }
        const line = `${values.map(csvCell).join(",")}\r\n`;
        expect(readCsv(line)).toEqual([values.map(neutraliseFormula)]);
      }),
      { numRuns: 1_000 },
    );
  });

  it("never leave a formula trigger first after neutralisation", () => {
    for (const value of attackStrings) {
      const read = readCsv(`${csvCell(value)}\r\n`)[0]![0]!;
      expect(looksLikeFormula(read), JSON.stringify(value)).toBe(false);
    }
  });
});

describe("whole exports of random rows", () => {
  const DAY = 86_400_000;
  const start = Date.UTC(2030, 0, 1);
  let petitionId = 0;
  let run = 0;

  beforeAll(() => {
    petitionId = findPetition(db(), "1988-massacre-justice")!.petition.id;
  });

  async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
    // Response.text() would drop the byte order mark: decode it ourselves.
    return new TextDecoder("utf-8", { ignoreBOM: true, fatal: true }).decode(await new Response(stream).arrayBuffer());
  }

  it("CSV and JSON Lines give back every name, comment, public name and reason exactly", async () => {
    const columns: ExportColumn[] = ["name", "email", "comment", "public_name", "invalid_reason"];
    const text = hostileString(80).map(wellFormed);
    const row = fc.record({ name: text, comment: fc.option(text, { nil: undefined }), publicName: fc.option(text, { nil: null }), invalidReason: fc.option(text, { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (rows) => {
        run += 1;
        const createdAt = new Date(start + run * DAY);
        const inserted = rows.map((r, i) => ({
          email: `row-${run}-${i}@example.org`,
          ...r,
        }));
        db()
          .insert(schema.signatures)
          .values(
            inserted.map((r) => ({
              petitionId,
              emailHash: lookupHash("email", r.email),
              emailEnc: encryptField("signatures.email", r.email),
              nameEnc: encryptField("signatures.name", r.name),
              publicName: r.publicName,
              country: "NO",
              commentEnc: r.comment === undefined ? null : encryptField("signatures.comment", r.comment),
              commentStatus: r.comment ? ("pending" as const) : ("none" as const),
              showPublicly: false,
              wantsUpdates: false,
              status: "pending" as const,
              invalidReason: r.invalidReason,
              locale: "en" as const,
              powVerified: false,
              createdAt,
              updatedAt: createdAt,
            })),
          )
          .run();
        const filters = { petitionId, statuses: ["pending" as const], from: createdAt, to: new Date(createdAt.getTime() + 1) };
        const expected = inserted.map((r) => [r.name, r.email, r.comment ?? "", r.publicName ?? "", r.invalidReason ?? ""]);

        const csv = await read(exportSignatures(db(), filters, { format: "csv", columns, bom: true, locale: "en" }));
        expect(csv.startsWith("\uFEFF")).toBe(true);
        const records = readCsv(csv.slice(1));
        expect(records[0]).toEqual(columns);
        expect(records.slice(1)).toEqual(expected.map((cells) => cells.map(neutraliseFormula)));

        const jsonl = await read(exportSignatures(db(), filters, { format: "jsonl", columns, bom: false, locale: "en" }));
        const lines = jsonl.split("\n");
        expect(lines.pop()).toBe("");
        expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual(
          inserted.map((r) => ({ name: r.name, email: r.email, comment: r.comment ?? null, public_name: r.publicName, invalid_reason: r.invalidReason })),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe("isoTimestamp", () => {
  it("writes what Date.prototype.toISOString writes, for any instant and in any order", () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      // Around midnights, the ends of the plain range, and beyond it (six-digit and negative years).
      fc.tuple(fc.integer({ min: 0, max: 2_930_000 }), fc.constantFrom(-1, 0, 1, 999, 86_399_999)).map(([day, offset]) => day * 86_400_000 + offset),
      fc.constantFrom(0, 253_402_300_799_999, 253_402_300_800_000, -1, -62_198_755_200_000, 8_640_000_000_000_000),
      fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 500 },
    );
  });
});
