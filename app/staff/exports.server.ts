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
import { decryptFields, decryptPackedFieldBytes, type Field } from "../utils/crypto.server";
import { DecryptionError, type Plaintexts } from "../utils/gcm-batch.server";
import { openScan, type Db } from "../utils/db.server";
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

const DAY_MS = 86_400_000;
/** Years 0000–9999 (after that toISOString writes six-digit years): the range isoTimestamp formats itself. */
const LAST_PLAIN_MS = 253_402_300_800_000;
const twoDigits = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
const threeDigits = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
let cachedDay = Number.NaN;
let cachedDayPrefix = "";

/**
 * `new Date(ms).toISOString()`, without a Date per value: an export of a million rows spent a sixth of its
 * time there. The day's "YYYY-MM-DDT" is kept (rows come in id order, so mostly in date order) and the
 * time of day is written from tables.
 */
export function isoTimestamp(ms: number): string {
  if (!(Number.isInteger(ms) && ms >= 0 && ms < LAST_PLAIN_MS)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return cachedDayPrefix + twoDigits[hours]! + ":" + twoDigits[minutes]! + ":" + twoDigits[seconds]! + "." + threeDigits[rest - seconds * 1000]! + "Z";
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

/** The number of signatures exportSignatures would write with these filters (one query, on a connection of its own: openScan). */
export function countExportRows(server: Db, filters: ExportFilters): number {
  const scan = openScan(server);
  try {
    const where = whereOf(scan.db, filters);
    const row = scan.db.$client.prepare(`SELECT count(*) FROM signatures WHERE ${where.sql}`).raw(true).get(...where.params) as [number];
    return row[0];
  } finally {
    scan.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Columns: what each reads and how it is written. Built once per export; per row only the writers run.
//
// Reading rows one by one is the costly part in JavaScript (an array per row, a value or a Buffer per cell),
// so a batch is read with ONE query that returns one row: each column of the batch packed by SQLite
// (group_concat, in id order). Numbers come as one comma-separated text; text columns and encrypted columns
// as their values' byte lengths (comma-separated) and the values themselves one after the other in one
// blob, which is decrypted in bulk (decryptPackedBytes) and written to the CSV as bytes. That is several
// times faster than a Buffer and a Decipheriv per cell, and no string is made for most cells.

/** Columns of the signatures table an export column reads. */
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
const numberSources = new Set(["created_at", "confirmed_at", "show_publicly", "wants_updates", "pow_verified"]);

/** How a source column is packed by the batch query, and so read back. */
type Source = { column: string; kind: "number" } | { column: string; kind: "text" } | { column: string; kind: "encrypted"; field: Field };

/** An export column: how to write source `s` of the batch. */
type Value = { kind: "bytes" | "country" | "date" | "bool"; s: number };

/** A batch's source column, read back: numbers, or values as UTF-8 bytes (decrypted when they were encrypted). */
type Column = { kind: "number"; values: (number | null)[] } | { kind: "bytes"; values: Plaintexts };

function planColumns(options: ExportOptions) {
  const used: Source[] = [];
  const indexOf = (column: string) => {
    let s = used.findIndex((source) => source.column === column);
    if (s < 0) {
      const field = encryptedSources[column];
      s = used.push(field ? { column, kind: "encrypted", field } : numberSources.has(column) ? { column, kind: "number" } : { column, kind: "text" }) - 1;
    }
    return s;
  };
  const values = options.columns.map((column): Value => {
    const s = indexOf(sources[column]);
    switch (column) {
      case "country_name":
        return { kind: "country", s };
      case "created_at":
      case "confirmed_at":
        return { kind: "date", s };
      case "show_publicly":
      case "wants_updates":
      case "pow_verified":
        return { kind: "bool", s };
      default:
        return { kind: "bytes", s };
    }
  });
  return { used, values };
}

/** The SQL of each source's packed form: one text for a number, lengths then bytes for the others. */
function packedExpressions(source: Source): string[] {
  const c = source.column;
  switch (source.kind) {
    case "number":
      return [`group_concat(ifnull(${c}, ''), ',')`];
    case "text":
      // Bytes, so that the lengths fit the blob whatever the characters; -1 marks a NULL.
      return [`group_concat(ifnull(length(CAST(${c} AS BLOB)), -1), ',')`, `CAST(group_concat(ifnull(CAST(${c} AS BLOB), X''), '') AS BLOB)`];
    case "encrypted":
      // A NULL or empty blob (data removed by retention, or never given) is length 0: decrypted as null.
      return [`group_concat(ifnull(length(${c}), 0), ',')`, `CAST(group_concat(ifnull(${c}, X''), '') AS BLOB)`];
  }
}

/** A column of numbers packed by the batch query, one per row ("": NULL). */
function numbersOf(text: string | null, count: number): (number | null)[] {
  const parts = text === null ? [] : text.split(",");
  if (parts.length !== count) throw new Error(`Export batch: ${parts.length} values for ${count} rows`);
  return parts.map((part) => (part === "" ? null : Number(part)));
}

function plaintextAt(plain: Plaintexts, r: number): string | null {
  const length = plain.lengths[r]!;
  return length < 0 ? null : plain.bytes.toString("utf8", plain.starts[r]!, plain.starts[r]! + length);
}

/**
 * True when the UTF-8 bytes of a value are written to a CSV cell as they are: csvCell would leave the text
 * unchanged. That is when it holds no comma, double quote, CR or LF, and its first character is neither a
 * formula trigger nor white space that a spreadsheet may trim (neutraliseFormula). The lead bytes of all
 * those characters beyond ASCII are C2, E1, E2, E3 and EF: a value starting with one of them goes through
 * csvCell, as does any value that needs quoting.
 */
function isPlainCsvValue(bytes: Uint8Array, start: number, length: number): boolean {
  const first = bytes[start]!;
  if (first <= 0x20 || first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) return false;
  if (first === 0xc2 || first === 0xe1 || first === 0xe2 || first === 0xe3 || first === 0xef) return false;
  for (let k = start, end = start + length; k < end; k++) {
    const b = bytes[k]!;
    if (b === 0x2c || b === 0x22 || b === 0x0d || b === 0x0a) return false;
  }
  return true;
}

/** The bytes of one batch, written into a buffer that is reused from batch to batch. */
class ByteSink {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private n = 0;

  private room(bytes: number) {
    if (this.n + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + bytes));
    this.buf.copy(bigger, 0, 0, this.n);
    this.buf = bigger;
  }

  byte(b: number) {
    this.room(1);
    this.buf[this.n++] = b;
  }

  /** Text as UTF-8 (ASCII byte by byte, which is quicker for short values than a native call). */
  text(s: string) {
    this.room(s.length * 3);
    const buf = this.buf;
    let n = this.n;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        n += buf.write(i === 0 ? s : s.slice(i), n, "utf8");
        break;
      }
      buf[n++] = c;
    }
    this.n = n;
  }

  bytes(src: Uint8Array, start: number, length: number) {
    this.room(length);
    const buf = this.buf;
    let n = this.n;
    for (let k = start, end = start + length; k < end; k++) buf[n++] = src[k]!;
    this.n = n;
  }

  /** The batch's bytes (a copy the caller may keep or transfer); the buffer is ready for the next batch. */
  take(): Uint8Array {
    const out = new Uint8Array(this.n);
    out.set(this.buf.subarray(0, this.n));
    this.n = 0;
    return out;
  }
}

const COMMA = 0x2c;


/** Writes one batch (its columns read back) as the bytes of its lines. */
interface LineWriter {
  header: string;
  write(count: number, columns: Column[]): Uint8Array;
}

function csvLines(values: Value[], options: ExportOptions, countryName: (code: string) => string): LineWriter {
  const sink = new ByteSink();
  return {
    header: (options.bom ? BOM : "") + options.columns.join(",") + "\r\n",
    write(count, columns) {
      for (let r = 0; r < count; r++) {
        for (let c = 0; c < values.length; c++) {
          if (c > 0) sink.byte(COMMA);
          const value = values[c]!;
          const column = columns[value.s]!;
          if (column.kind === "number") {
            const v = column.values[r]!;
            if (value.kind === "bool") sink.text(v ? "true" : "false");
            else if (v !== null) sink.text(isoTimestamp(v));
            continue;
          }
          const plain = column.values;
          const length = plain.lengths[r]!;
          if (length <= 0) continue; // NULL or empty: an empty cell
          const start = plain.starts[r]!;
          if (value.kind === "country") sink.text(csvCell(countryName(plain.bytes.toString("utf8", start, start + length))));
          else if (isPlainCsvValue(plain.bytes, start, length)) sink.bytes(plain.bytes, start, length);
          else sink.text(csvCell(plain.bytes.toString("utf8", start, start + length)));
        }
        sink.byte(0x0d);
        sink.byte(0x0a);
      }
      return sink.take();
    },
  };
}

function jsonCell(value: Value, column: Column, r: number, countryName: (code: string) => string): string {
  if (column.kind === "number") {
    const v = column.values[r]!;
    if (value.kind === "bool") return v ? "true" : "false";
    return v === null ? "null" : `"${isoTimestamp(v)}"`;
  }
  const v = plaintextAt(column.values, r);
  return v === null ? "null" : JSON.stringify(value.kind === "country" ? countryName(v) : v);
}

function jsonLines(values: Value[], options: ExportOptions, countryName: (code: string) => string): LineWriter {
  const keys = options.columns.map((column, k) => (k === 0 ? "{" : ",") + JSON.stringify(column) + ":");
  return {
    header: "",
    write(count, columns) {
      let out = "";
      for (let r = 0; r < count; r++) {
        let line = "";
        for (let c = 0; c < values.length; c++) line += keys[c]! + jsonCell(values[c]!, columns[values[c]!.s]!, r, countryName);
        out += line + "}\n";
      }
      // JSON.stringify leaves U+2028/U+2029 as they are; some line readers split on them.
      return encoder.encode(escapeLineSeparators(out));
    },
  };
}

/**
 * Reads an export batch by batch: rows with ids in (after, end], at most `limit` of them, as the bytes of
 * their lines. Used in this process (exportSignatures) and by the export worker threads, each with its own
 * connection (export-pool.server.ts).
 */
export class SignatureBatchReader {
  readonly header: string;
  private readonly query: Statement;
  private readonly used: Source[];
  private readonly params: (string | number)[];
  private readonly writer: LineWriter;

  constructor(db: Db, filters: ExportFilters, options: ExportOptions) {
    checkOptions(options);
    const where = whereOf(db, filters);
    const { used, values } = planColumns(options);
    const names = values.some((value) => value.kind === "country") ? countryNames(db, options.locale) : new Map<string, string>();
    const countryName = (code: string) => names.get(code) ?? code;
    this.writer = options.format === "csv" ? csvLines(values, options, countryName) : jsonLines(values, options, countryName);
    this.header = this.writer.header;
    this.used = used;
    this.params = where.params;
    // The subquery yields its rows in id order and group_concat() joins them in the order they come (an ORDER
    // BY inside the aggregate would sort them again: half the query's time). One statement: every column of
    // the batch comes from the same rows. Were the order of two columns ever different, an encrypted value's
    // length would not fit its bytes and GCM's tags would refuse it: the export would fail, never show a
    // value in the wrong row.
    const columns = [...new Set(used.map((source) => source.column))];
    this.query = db.$client
      .prepare(
        `SELECT count(*), max(id), group_concat(id, ','), ${used.flatMap(packedExpressions).join(", ")} ` +
          `FROM (SELECT id, ${columns.join(", ")} FROM signatures NOT INDEXED WHERE id > ? AND id <= ? AND ${where.sql} ORDER BY id LIMIT ?)`,
      )
      .raw(true);
  }

  batch(after: number, end: number, limit: number): { bytes: Uint8Array; count: number; lastId: number | null } {
    const row = this.query.get(after, end, ...this.params, limit) as unknown[];
    const count = row[0] as number;
    if (count === 0) return { bytes: new Uint8Array(0), count: 0, lastId: null };
    let k = 3;
    const columns = this.used.map((source): Column => {
      if (source.kind === "number") return { kind: "number", values: numbersOf(row[k++] as string, count) };
      // Lengths are never NULL (the query writes -1 or 0 instead).
      const lengths = numbersOf(row[k++] as string, count) as number[];
      const blob = (row[k++] as Buffer | null) ?? Buffer.alloc(0);
      if (source.kind === "text") return { kind: "bytes", values: packedTexts(blob, lengths) };
      try {
        return { kind: "bytes", values: decryptPackedFieldBytes(source.field, blob, lengths) };
      } catch (error) {
        const id = error instanceof DecryptionError ? (row[2] as string).split(",")[error.index] : undefined;
        throw new Error(`Signature ${String(id)}: cannot decrypt ${source.field}`, { cause: error });
      }
    });
    return { bytes: this.writer.write(count, columns), count, lastId: row[1] as number };
  }
}

/** Text values packed by the batch query: lengths in bytes (-1: NULL) over one blob. */
function packedTexts(blob: Buffer, lengths: number[]): Plaintexts {
  const starts = new Int32Array(lengths.length);
  let offset = 0;
  for (let r = 0; r < lengths.length; r++) {
    starts[r] = offset;
    if (lengths[r]! > 0) offset += lengths[r]!;
  }
  if (offset !== blob.length) throw new Error(`Export batch: ${blob.length} bytes of text, lengths say ${offset}`);
  return { bytes: blob, starts, lengths: Int32Array.from(lengths) };
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
  const encrypted = options.columns.filter((column) => column === "name" || column === "email" || column === "comment").length;
  const { batchRows, windowIds } = tuningOf(tuning, encrypted);
  // Read through a connection of its own (openScan), closed when the stream ends, fails or is cancelled.
  const scan = openScan(db);
  let reader: SignatureBatchReader | null;
  let last: number;
  try {
    reader = new SignatureBatchReader(scan.db, filters, options);
    last = largestId(scan.db);
  } catch (error) {
    scan.close();
    throw error;
  }
  let after = 0;
  const finish = () => {
    reader = null;
    scan.close();
  };

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
            finish();
            controller.close();
            return;
          }
          const windowEnd = Math.min(after + windowIds, last);
          let batch: ReturnType<SignatureBatchReader["batch"]>;
          try {
            batch = reader.batch(after, windowEnd, batchRows);
          } catch (error) {
            finish();
            throw error;
          }
          // A full batch may have stopped inside the window: continue after its last row. Otherwise the
          // window has been read to its end.
          after = batch.count === batchRows ? batch.lastId! : windowEnd;
          if (batch.count > 0) {
            controller.enqueue(batch.bytes);
            return;
          }
        }
      },
      cancel: finish,
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
export function deliveryList(server: Db, petitionId: number, options: { bom: boolean; locale: "en" | "fa" }, tuning?: ExportTuning): ReadableStream<Uint8Array> {
  if (!Number.isSafeInteger(petitionId)) throw new Error("petitionId must be an integer");
  if (options.locale !== "en" && options.locale !== "fa") throw new Error(`Unknown export locale ${String(options.locale)}`);
  const { batchRows, windowIds } = tuningOf(tuning, 1);
  const locale = options.locale;
  // Read through a connection of its own (openScan), closed when the stream ends, fails or is cancelled.
  const connection = openScan(server);
  const db = connection.db;
  let scan: Statement | null;
  let read: Statement;
  let last: number;
  try {
    scan = db.$client
      .prepare("SELECT id, country FROM signatures NOT INDEXED WHERE id > ? AND id <= ? AND petition_id = ? AND status = 'confirmed' ORDER BY id")
      .raw(true);
    read = db.$client
      .prepare(
        "SELECT id, name_enc FROM signatures NOT INDEXED WHERE id IN (SELECT value FROM json_each(?)) AND petition_id = ? AND status = 'confirmed' AND country = ? ORDER BY id",
      )
      .raw(true);
    last = largestId(db);
  } catch (error) {
    // No stream will close it.
    connection.close();
    throw error;
  }
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
        try {
          await pullList(controller);
        } catch (error) {
          cancel();
          throw error;
        }
      },
      cancel,
    },
    { highWaterMark: 0 },
  );

  function cancel() {
    cancelled = true;
    scan = null;
    idsByCountry = null;
    queue = [];
    connection.close();
  }

  async function pullList(controller: ReadableStreamDefaultController<Uint8Array>) {
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
        connection.close();
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
  }
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
