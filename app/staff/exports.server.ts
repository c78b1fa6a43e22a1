// Signature exports for staff: lists of signatures as CSV or JSON Lines, the delivery list handed to the UN,
// and counts per country.
//
// The process has ONE better-sqlite3 connection, and it is synchronous: an export must never hold it. Rows
// are read in short batches with keyset pagination on the primary key, the event loop gets a turn between
// batches, and nothing accumulates: each batch becomes one chunk of bytes and is forgotten. Every batch query
// reads a bounded range of ids ("windows", below) with `NOT INDEXED`, so that its cost does not depend on how
// selective the filters are: a filter that matches one signature in a million costs many tiny queries rather
// than one that scans the whole table while every request waits.
//
// Consistency: an export is not a snapshot (a read transaction cannot stay open across batches on a shared
// connection). It covers the signatures that existed when it started (ids up to the largest id at that
// moment); each is read once, as it is when its batch is read.
//
// CSV (RFC 4180): header row, commas, CRLF, fields quoted when they contain a comma, a double quote, CR or LF;
// text cells that a spreadsheet could take for a formula get a leading apostrophe (see neutraliseFormula).
// JSON Lines: the exact values, one object per line, no BOM (a BOM makes a JSON document invalid).
import type Database from "better-sqlite3";
import { countryNames, countryOptions, isCountryCode } from "../utils/countries.server";
import { decryptFields, decryptPackedFields, type Field } from "../utils/crypto.server";
import { DecryptionError } from "../utils/gcm-batch.server";
import type { Db } from "../utils/db.server";
import { localeInfo } from "../i18n/locales";

export const exportColumns = [
  "name",
  "email",
  "country",
  "country_name",
  "status",
  "created_at",
  "confirmed_at",
  "show_publicly",
  "wants_updates",
  "public_name",
  "comment",
  "locale",
  "pow_verified",
  "invalid_reason",
] as const;
export type ExportColumn = (typeof exportColumns)[number];

export const exportStatuses = ["pending", "confirmed", "invalidated"] as const;
export type ExportStatus = (typeof exportStatuses)[number];

export interface ExportFilters {
  petitionId: number;
  /** At least one. */
  statuses: ExportStatus[];
  /** ISO 3166-1 alpha-2 codes; empty or undefined: every country. */
  countries?: string[];
  /**
   * A half-open range [from, to): `from` included, `to` excluded, either may be left out. It applies to
   * confirmed_at when the statuses are exactly ["confirmed"], and to created_at otherwise (see
   * dateFilterColumn). Pass the start of the day after the last day wanted as `to`.
   */
  from?: Date;
  to?: Date;
  /** undefined: either. */
  wantsUpdates?: boolean;
  /** undefined: either. */
  showPublicly?: boolean;
}

export interface ExportOptions {
  format: "csv" | "jsonl";
  columns: ExportColumn[];
  /** A UTF-8 byte order mark first (CSV only), so that Excel reads Persian correctly. */
  bom: boolean;
  /** The language of country_name. */
  locale: "en" | "fa";
}

/** Batch sizes; the defaults suit production, tests make them small to exercise the edges. */
export interface ExportTuning {
  /** Rows per batch (one chunk of the stream); by default 2,000, fewer when columns must be decrypted. */
  batchRows?: number;
  /** Ids one batch query may look at, matching or not: bounds the time it holds the connection. */
  windowIds?: number;
}

const maxBatchRows = 2_000;
/**
 * Decryption (in bulk, about a microsecond a field) still costs more than reading the row: batches that
 * decrypt several columns are smaller, so that no batch keeps the event loop busy for more than ~10 ms.
 */
const decryptionsPerBatch = 6_000;
const defaultWindowIds = 20_000;

type RawRow = unknown[];
type Statement = Database.Statement<unknown[], unknown>;

const BOM = "\uFEFF";
const encoder = new TextEncoder();

/** Lets timers, I/O and other requests run between two batches (promise callbacks alone would not). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------------------
// Cells

/** True for the characters String.prototype.trim() removes (a spreadsheet may trim them before parsing). */
function isTrimmable(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** = + - @ TAB CR, and their full-width forms (＝ ＋ － ＠), which some spreadsheets also accept. */
function isFormulaTrigger(c: number): boolean {
  return (
    c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d || c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20
  );
}

/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a value that starts with = + - @ TAB or CR, also
 * after leading whitespace (importers may trim it) and in full-width form, gets a leading apostrophe so
 * that the spreadsheet shows it as text. Other values are returned unchanged.
 */
export function neutraliseFormula(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isFormulaTrigger(c)) return "'" + value;
    if (!isTrimmable(c)) return value;
  }
  return value;
}

/** RFC 4180 quoting: only when the field contains a comma, a double quote, CR or LF. */
function quoteCsv(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0d || c === 0x0a) return '"' + value.replaceAll('"', '""') + '"';
  }
  return value;
}

/** A text cell as written to the CSV: formula-neutralised, then quoted when needed. */
export function csvCell(value: string): string {
  return quoteCsv(neutraliseFormula(value));
}

/** JSON text of a string, safe for line-based readers (U+2028/U+2029 escaped too). */
function escapeLineSeparators(json: string): string {
  return json.replace(/[\u2028\u2029]/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));
}

/**
 * Decrypts column `i` of a batch of rows in place (in bulk). A zero-length (or missing) blob — personal data
 * removed by retention, or never given — becomes null. A blob that cannot be decrypted fails the whole
 * export: never an empty cell instead, since a list with silently missing names would be a wrong export.
 */
function decryptColumn(rows: RawRow[], i: number, field: Field) {
  let values: (string | null)[];
  try {
    values = decryptFields(
      field,
      rows.map((row) => row[i] as Uint8Array | null),
    );
  } catch (error) {
    const id = error instanceof DecryptionError ? rows[error.index]?.[0] : undefined;
    throw new Error(`Signature ${String(id)}: cannot decrypt ${field}`, { cause: error });
  }
  for (let r = 0; r < rows.length; r++) rows[r]![i] = values[r];
}

// ---------------------------------------------------------------------------------------------------------
// Filters

interface Where {
  sql: string;
  params: (string | number)[];
}

/** The column the from/to range applies to: confirmed_at when only confirmed signatures are exported. */
export function dateFilterColumn(filters: Pick<ExportFilters, "statuses">): "created_at" | "confirmed_at" {
  const statuses = new Set(filters.statuses);
  return statuses.size === 1 && statuses.has("confirmed") ? "confirmed_at" : "created_at";
}

function checkDate(date: Date | undefined, name: string): number | undefined {
  if (date === undefined) return undefined;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new Error(`Export filter ${name} is not a valid date`);
  return date.getTime();
}

/** Validates the filters (throws on anything wrong rather than export the wrong rows) and builds the WHERE. */
function whereOf(db: Db, filters: ExportFilters): Where {
  if (!Number.isSafeInteger(filters.petitionId)) throw new Error("Export filter petitionId must be an integer");
  const statuses = [...new Set(filters.statuses)];
  if (statuses.length === 0) throw new Error("Export filter statuses must name at least one status");
  for (const status of statuses) {
    if (!(exportStatuses as readonly string[]).includes(status)) throw new Error(`Unknown signature status ${String(status)}`);
  }
  const parts = ["petition_id = ?", `status IN (${statuses.map(() => "?").join(", ")})`];
  const params: (string | number)[] = [filters.petitionId, ...statuses];

  const countries = [...new Set(filters.countries ?? [])];
  if (countries.length > 0) {
    for (const code of countries) {
      // A typo ("UK") must not quietly produce an empty list.
      if (typeof code !== "string" || !/^[A-Z]{2}$/.test(code) || !isCountryCode(db, code)) throw new Error(`Unknown country code ${String(code)}`);
    }
    parts.push(`country IN (${countries.map(() => "?").join(", ")})`);
    params.push(...countries);
  }

  const from = checkDate(filters.from, "from");
  const to = checkDate(filters.to, "to");
  const dateColumn = dateFilterColumn({ statuses });
  if (from !== undefined) {
    parts.push(`${dateColumn} >= ?`);
    params.push(from);
  }
  if (to !== undefined) {
    parts.push(`${dateColumn} < ?`);
    params.push(to);
  }
  if (filters.wantsUpdates !== undefined) {
    parts.push("wants_updates = ?");
    params.push(filters.wantsUpdates ? 1 : 0);
  }
  if (filters.showPublicly !== undefined) {
    parts.push("show_publicly = ?");
    params.push(filters.showPublicly ? 1 : 0);
  }
  return { sql: parts.join(" AND "), params };
}

function checkOptions(options: ExportOptions) {
  if (options.format !== "csv" && options.format !== "jsonl") throw new Error(`Unknown export format ${String(options.format)}`);
  if (options.locale !== "en" && options.locale !== "fa") throw new Error(`Unknown export locale ${String(options.locale)}`);
  if (options.columns.length === 0) throw new Error("An export needs at least one column");
  const seen = new Set<string>();
  for (const column of options.columns) {
    if (!(exportColumns as readonly string[]).includes(column)) throw new Error(`Unknown export column ${String(column)}`);
    if (seen.has(column)) throw new Error(`Export column ${column} is named twice`);
    seen.add(column);
  }
}

function tuningOf(tuning: ExportTuning | undefined, decryptedColumns: number): Required<ExportTuning> {
  const batchRows = decryptedColumns === 0 ? maxBatchRows : Math.min(maxBatchRows, Math.floor(decryptionsPerBatch / decryptedColumns));
  const t = { batchRows: tuning?.batchRows ?? batchRows, windowIds: tuning?.windowIds ?? defaultWindowIds };
  if (!(Number.isSafeInteger(t.batchRows) && t.batchRows > 0 && Number.isSafeInteger(t.windowIds) && t.windowIds > 0)) throw new Error("Bad export tuning");
  return t;
}

/** The largest signature id now: an export covers the signatures up to it. */
export function largestId(db: Db): number {
  const row = db.$client.prepare("SELECT max(id) FROM signatures").raw(true).get() as [number | null];
  return row[0] ?? 0;
}

/** The number of signatures exportSignatures would write with these filters (one query). */
export function countExportRows(db: Db, filters: ExportFilters): number {
  const where = whereOf(db, filters);
  const row = db.$client.prepare(`SELECT count(*) FROM signatures WHERE ${where.sql}`).raw(true).get(...where.params) as [number];
  return row[0];
}

// ---------------------------------------------------------------------------------------------------------
// Columns: what each reads and how it is written. Built once per export; per row only the writers run.
//
// Reading is the costly part in JavaScript (an array and a Buffer per blob, per row), so encrypted columns are
// not read row by row: the row query returns their lengths, and a second query, in the same read
// transaction, returns each encrypted column of the batch as ONE blob (group_concat in id order), which is
// then decrypted in bulk (decryptPacked). That is several times faster than a Buffer and a Decipheriv per cell.

type Value = { kind: "text"; get: (row: RawRow) => string | null } | { kind: "bool"; get: (row: RawRow) => boolean } | { kind: "date"; get: (row: RawRow) => number | null };

/** Columns of the signatures table an export column reads (the first selected column is always id). */
const sources: Record<ExportColumn, string> = {
  name: "name_enc",
  email: "email_enc",
  country: "country",
  country_name: "country",
  status: "status",
  created_at: "created_at",
  confirmed_at: "confirmed_at",
  show_publicly: "show_publicly",
  wants_updates: "wants_updates",
  public_name: "public_name",
  comment: "comment_enc",
  locale: "locale",
  pow_verified: "pow_verified",
  invalid_reason: "invalid_reason",
};

const encryptedSources: Partial<Record<string, Field>> = { name_enc: "signatures.name", email_enc: "signatures.email", comment_enc: "signatures.comment" };

/** An encrypted column: position i of the row holds its length, then (after decryption) its text. */
interface Packed {
  i: number;
  column: string;
  field: Field;
}

function planColumns(db: Db, options: ExportOptions) {
  const selected = ["id"];
  const packed: Packed[] = [];
  const indexOf = (source: string) => {
    const field = encryptedSources[source];
    const expression = field ? `length(${source})` : source;
    let i = selected.indexOf(expression);
    if (i < 0) {
      i = selected.push(expression) - 1;
      if (field) packed.push({ i, column: source, field });
    }
    return i;
  };
  const text = (i: number) => (row: RawRow) => (row[i] as string | null) ?? null;
  let names: Map<string, string> | undefined;

  const values = options.columns.map((column): Value => {
    const i = indexOf(sources[column]);
    switch (column) {
      case "country_name": {
        names ??= countryNames(db, options.locale);
        const map = names;
        return { kind: "text", get: (row) => map.get(row[i] as string) ?? (row[i] as string) };
      }
      case "created_at":
      case "confirmed_at":
        return { kind: "date", get: (row) => (row[i] as number | null) ?? null };
      case "show_publicly":
      case "wants_updates":
      case "pow_verified":
        return { kind: "bool", get: (row) => Boolean(row[i]) };
      default:
        // Plain text, or an encrypted column once decrypted (null: removed by retention, or never given).
        return { kind: "text", get: text(i) };
    }
  });
  return { selected, values, packed };
}

/**
 * Replaces the lengths in column `p.i` of the rows with the decrypted texts from `blob`, the column's values
 * one after the other. A value that cannot be decrypted fails the whole export: never an empty cell
 * instead, since a list with silently missing names would be a wrong export.
 */
function unpack(rows: RawRow[], p: Packed, blob: Uint8Array | null) {
  const lengths = rows.map((row) => (row[p.i] as number | null) ?? 0);
  let values: (string | null)[];
  try {
    values = decryptPackedFields(p.field, blob ?? new Uint8Array(0), lengths);
  } catch (error) {
    const id = error instanceof DecryptionError ? rows[error.index]?.[0] : undefined;
    throw new Error(`Signature ${String(id)}: cannot decrypt ${p.field}`, { cause: error });
  }
  for (let r = 0; r < rows.length; r++) rows[r]![p.i] = values[r];
}

function csvWriter(value: Value): (row: RawRow) => string {
  switch (value.kind) {
    case "text":
      return (row) => {
        const v = value.get(row);
        return v === null ? "" : csvCell(v);
      };
    case "bool":
      return (row) => (value.get(row) ? "true" : "false");
    case "date":
      return (row) => {
        const v = value.get(row);
        return v === null ? "" : new Date(v).toISOString();
      };
  }
}

function jsonWriter(value: Value): (row: RawRow) => string {
  switch (value.kind) {
    case "text":
      return (row) => {
        const v = value.get(row);
        return v === null ? "null" : JSON.stringify(v);
      };
    case "bool":
      return (row) => (value.get(row) ? "true" : "false");
    case "date":
      return (row) => {
        const v = value.get(row);
        return v === null ? "null" : `"${new Date(v).toISOString()}"`;
      };
  }
}

/** Turns one batch of rows (decrypted) into the text of its lines. */
function lineWriter(values: Value[], options: ExportOptions): { header: string; write: (rows: RawRow[]) => string } {
  if (options.format === "csv") {
    const cells = values.map(csvWriter);
    const n = cells.length;
    return {
      header: (options.bom ? BOM : "") + options.columns.join(",") + "\r\n",
      write(rows) {
        let out = "";
        for (const row of rows) {
          let line = cells[0]!(row);
          for (let k = 1; k < n; k++) line += "," + cells[k]!(row);
          out += line + "\r\n";
        }
        return out;
      },
    };
  }
  const cells = values.map(jsonWriter);
  const keys = options.columns.map((column, k) => (k === 0 ? "{" : ",") + JSON.stringify(column) + ":");
  const n = cells.length;
  return {
    header: "",
    write(rows) {
      let out = "";
      for (const row of rows) {
        let line = keys[0]! + cells[0]!(row);
        for (let k = 1; k < n; k++) line += keys[k]! + cells[k]!(row);
        out += line + "}\n";
      }
      // JSON.stringify leaves U+2028/U+2029 as they are; some line readers split on them.
      return escapeLineSeparators(out);
    },
  };
}

/**
 * Reads an export batch by batch: rows with ids in (after, end], at most `limit` of them, as the text of
 * their lines. Used in this process (exportSignatures) and by the export worker threads, each with its own
 * connection (export-pool.server.ts).
 */
export class SignatureBatchReader {
  readonly header: string;
  private readonly rowsQuery: Statement;
  private readonly packedQuery: Statement | null;
  private readonly packed: Packed[];
  private readonly params: (string | number)[];
  private readonly write: (rows: RawRow[]) => string;
  private readonly read: (after: number, end: number, limit: number) => { rows: RawRow[]; blobs: (Uint8Array | null)[] };

  constructor(db: Db, filters: ExportFilters, options: ExportOptions) {
    checkOptions(options);
    const where = whereOf(db, filters);
    const { selected, values, packed } = planColumns(db, options);
    const writer = lineWriter(values, options);
    this.header = writer.header;
    this.write = writer.write;
    this.packed = packed;
    this.params = where.params;
    const range = `FROM signatures NOT INDEXED WHERE id > ? AND id <= ? AND ${where.sql} ORDER BY id LIMIT ?`;
    this.rowsQuery = db.$client.prepare(`SELECT ${selected.join(", ")} ${range}`).raw(true);
    this.packedQuery = packed.length
      ? db.$client
          .prepare(
            // The subquery yields its rows in id order and group_concat() joins them in the order they come (an
            // ORDER BY inside the aggregate would sort them again: half the query's time). Were that order ever
            // different, the lengths would not fit the blob and GCM's tags would refuse it: the export would fail,
            // never show a value in the wrong row.
            `SELECT ${packed.map((p) => `CAST(group_concat(ifnull(${p.column}, X''), '') AS BLOB)`).join(", ")} ` +
              `FROM (SELECT id, ${packed.map((p) => p.column).join(", ")} ${range})`,
          )
          .raw(true)
      : null;
    // Both queries in one read transaction: they see the same rows.
    this.read = db.$client.transaction((after: number, end: number, limit: number) => {
      const rows = this.rowsQuery.all(after, end, ...this.params, limit) as RawRow[];
      const blobs = this.packedQuery && rows.length ? (this.packedQuery.get(after, end, ...this.params, limit) as (Uint8Array | null)[]) : [];
      return { rows, blobs };
    });
  }

  batch(after: number, end: number, limit: number): { text: string; count: number; lastId: number | null } {
    const { rows, blobs } = this.read(after, end, limit);
    if (!rows.length) return { text: "", count: 0, lastId: null };
    this.packed.forEach((p, k) => unpack(rows, p, blobs[k] ?? null));
    return { text: this.write(rows), count: rows.length, lastId: rows[rows.length - 1]![0] as number };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Streams

/**
 * The signatures matching the filters, in id order, with the chosen columns. The header (and BOM) is the
 * first chunk, available at once; then one chunk per batch. Personal data that was removed (zero-length
 * blob) is written as an empty cell (CSV) or null (JSON Lines); a blob that cannot be decrypted errors the
 * stream rather than produce a wrong file. Invalid filters or options throw at once.
 */
export function exportSignatures(db: Db, filters: ExportFilters, options: ExportOptions, tuning?: ExportTuning): ReadableStream<Uint8Array> {
  let reader: SignatureBatchReader | null = new SignatureBatchReader(db, filters, options);
  const encrypted = options.columns.filter((column) => column === "name" || column === "email" || column === "comment").length;
  const { batchRows, windowIds } = tuningOf(tuning, encrypted);
  const last = largestId(db);
  let after = 0;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (reader!.header) controller.enqueue(encoder.encode(reader!.header));
      },
      async pull(controller) {
        for (;;) {
          await yieldToEventLoop();
          if (!reader) return; // cancelled meanwhile
          if (after >= last) {
            reader = null;
            controller.close();
            return;
          }
          const windowEnd = Math.min(after + windowIds, last);
          const batch = reader.batch(after, windowEnd, batchRows);
          // A full batch may have stopped inside the window: continue after its last row. Otherwise the
          // window has been read to its end.
          after = batch.count === batchRows ? batch.lastId! : windowEnd;
          if (batch.count > 0) {
            controller.enqueue(encoder.encode(batch.text));
            return;
          }
        }
      },
      cancel() {
        reader = null;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The list handed to the UN: every confirmed signature of the petition, as name,country (the country's
 * name in the chosen language), ordered by country name (that language's collation) then by id. Nothing
 * else is read: no email, no comment.
 *
 * No index orders signatures by country, so the list is made in two passes of short queries: the ids of
 * the confirmed signatures are collected per country (ids only, a few bytes each), then each country's are
 * read back by id, in batches. A signature invalidated or withdrawn between the two passes is left out.
 */
export function deliveryList(db: Db, petitionId: number, options: { bom: boolean; locale: "en" | "fa" }, tuning?: ExportTuning): ReadableStream<Uint8Array> {
  if (!Number.isSafeInteger(petitionId)) throw new Error("petitionId must be an integer");
  if (options.locale !== "en" && options.locale !== "fa") throw new Error(`Unknown export locale ${String(options.locale)}`);
  const { batchRows, windowIds } = tuningOf(tuning, 1);
  const locale = options.locale;
  let scan: Statement | null = db.$client
    .prepare("SELECT id, country FROM signatures NOT INDEXED WHERE id > ? AND id <= ? AND petition_id = ? AND status = 'confirmed' ORDER BY id")
    .raw(true);
  const read = db.$client
    .prepare(
      "SELECT id, name_enc FROM signatures NOT INDEXED WHERE id IN (SELECT value FROM json_each(?)) AND petition_id = ? AND status = 'confirmed' AND country = ? ORDER BY id",
    )
    .raw(true);
  const last = largestId(db);
  let after = 0;
  let idsByCountry: Map<string, number[]> | null = new Map();
  // Filled when the first pass ends: the countries in name order, each with its ids and its cell.
  let queue: { code: string; cell: string; ids: number[] }[] = [];
  let position = 0;
  let cancelled = false;

  function order(byCountry: Map<string, number[]>) {
    const names = countryNames(db, locale);
    const known = countryOptions(db, locale).filter((option) => byCountry.has(option.code));
    const unknown = [...byCountry.keys()].filter((code) => !names.has(code)).sort(); // impossible (foreign key)
    return [...known.map((option) => option.code), ...unknown].map((code) => ({ code, cell: csvCell(names.get(code) ?? code), ids: byCountry.get(code)! }));
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode((options.bom ? BOM : "") + "name,country\r\n"));
      },
      async pull(controller) {
        for (;;) {
          await yieldToEventLoop();
          if (cancelled) return;
          if (scan && idsByCountry) {
            // First pass: ids per country, one window of ids per query.
            if (after < last) {
              const windowEnd = Math.min(after + windowIds, last);
              for (const [id, country] of scan.all(after, windowEnd, petitionId) as [number, string][]) {
                let ids = idsByCountry.get(country);
                if (!ids) idsByCountry.set(country, (ids = []));
                ids.push(id);
              }
              after = windowEnd;
              continue;
            }
            queue = order(idsByCountry);
            scan = null;
            idsByCountry = null;
          }
          // Second pass: each country's signatures by id, a batch at a time.
          const current = queue[0];
          if (!current) {
            controller.close();
            return;
          }
          const ids = current.ids.slice(position, position + batchRows);
          position += ids.length;
          if (position >= current.ids.length) {
            queue.shift();
            position = 0;
          }
          if (ids.length === 0) continue;
          const rows = read.all(JSON.stringify(ids), petitionId, current.code) as RawRow[];
          if (rows.length === 0) continue;
          decryptColumn(rows, 1, "signatures.name");
          let out = "";
          for (const row of rows) out += csvCell((row[1] as string | null) ?? "") + "," + current.cell + "\r\n";
          controller.enqueue(encoder.encode(out));
          return;
        }
      },
      cancel() {
        cancelled = true;
        scan = null;
        idsByCountry = null;
        queue = [];
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Confirmed signatures per country, counted from the signatures themselves (exact, no suppression of small
 * numbers: a staff-only file): country_code,country,signatures, by count (highest first) then country name,
 * and a last row TOTAL,,<sum>. One GROUP BY query.
 */
export function countsByCountryCsv(db: Db, petitionId: number, options: { bom: boolean; locale: "en" | "fa" }): string {
  if (!Number.isSafeInteger(petitionId)) throw new Error("petitionId must be an integer");
  if (options.locale !== "en" && options.locale !== "fa") throw new Error(`Unknown export locale ${String(options.locale)}`);
  const names = countryNames(db, options.locale);
  const collator = new Intl.Collator(localeInfo[options.locale].intl);
  const counts = (
    db.$client.prepare("SELECT country, count(*) FROM signatures WHERE petition_id = ? AND status = 'confirmed' GROUP BY country").raw(true).all(petitionId) as [
      string,
      number,
    ][]
  )
    .map(([code, n]) => ({ code, name: names.get(code) ?? code, n }))
    .sort((a, b) => b.n - a.n || collator.compare(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let out = (options.bom ? BOM : "") + "country_code,country,signatures\r\n";
  let total = 0;
  for (const { code, name, n } of counts) {
    out += `${csvCell(code)},${csvCell(name)},${n}\r\n`;
    total += n;
  }
  return out + `TOTAL,,${total}\r\n`;
}
