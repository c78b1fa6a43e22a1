// Imports the contact addresses of letter recipients (the permanent missions of member states, and other
// recipients staff name) from a CSV file or from the UN Blue Book's JSON. Addresses are never invented: a row
// carries only what the file says (a mission without a name gets its customary name, nothing else). The
// work is in three steps so that staff always see what would happen first: parse (validate every row,
// touching no database), plan (compare with the recipients stored), apply (write the plan in one
// transaction). See docs/recipients-import.md.
import { createRequire } from "node:module";
import { CsvError, parse as parseCsv } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import { notUnMembers } from "../../db/seed/countries";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { controlInLine, controlInText } from "../utils/characters";

export type ImportFormat = "csv" | "bluebook";
export type RecipientKind = (typeof schema.recipientKinds)[number];
export type MissionKind = Exclude<RecipientKind, "other">;
export type AddressStatus = (typeof schema.addressStatuses)[number];

/** One valid, normalised row. */
export interface RecipientRow {
  /** Position in the file, for messages: the line number in a CSV file (the header is line 1), the entry's index + 1 in a Blue Book file. */
  row: number;
  kind: RecipientKind;
  /** ISO alpha-2: required for missions (a UN member state); optional for other recipients. */
  country: string | null;
  /** Required for kind "other" (a lowercase slug), null for missions. */
  key: string | null;
  nameEn: string;
  nameFa: string | null;
  /** null: keep the stored salutation (new rows: the default). */
  salutationEn: string | null;
  salutationFa: string | null;
  /** Lower-cased. At least one of email or postalAddress is set. */
  email: string | null;
  postalAddress: string | null;
  phone: string | null;
  website: string | null;
  /** null: keep the stored status (new rows: "unverified"). */
  status: AddressStatus | null;
}

/**
 * A row that cannot be imported, or a problem with the whole file (row 0; row 1 for the header of a CSV
 * file). `code` is a stable identifier ("email.invalid"); `message` is an English sentence.
 */
export interface RowProblem {
  row: number;
  field: string | null;
  code: string;
  message: string;
}

export interface ParseResult {
  format: ImportFormat;
  rows: RecipientRow[];
  problems: RowProblem[];
  /** Entries deliberately left out (Blue Book entries that are not member states). */
  skipped: { row: number; reason: string }[];
}

export interface FieldChange {
  /** The CSV column name of the field ("email", "postal_address"), or "demo" / "source" when a demo recipient is replaced. */
  field: string;
  from: string | null;
  to: string | null;
}

export interface ImportPlan extends ParseResult {
  toAdd: RecipientRow[];
  /** `version` is the stored version the changes were computed against (an update of a newer version is refused). */
  toChange: { id: number; version: number; row: RecipientRow; changes: FieldChange[] }[];
  unchanged: { id: number; row: RecipientRow }[];
}

/** Thrown by applyImport when the plan has problems and skipInvalid was not given. Nothing was written. */
export class ImportRefusedError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`The import has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written.`);
    this.name = "ImportRefusedError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Countries: names as people and the UN write them, resolved to ISO alpha-2.

interface WorldCountry {
  cca2: string;
  cca3: string;
  unMember: boolean;
  name: { common: string; official: string; native?: Record<string, { official: string; common: string }> };
  altSpellings?: string[];
}

// Loaded as plain JSON, as in db/seed/countries.ts (the package's ES module entry imports JSON without an attribute).
const worldCountries = (createRequire(import.meta.url)("world-countries/countries.json") as WorldCountry[]).filter((c) => c.cca2?.length === 2);
const byAlpha2 = new Map(worldCountries.map((c) => [c.cca2.toUpperCase(), c]));
const alpha3ToAlpha2 = new Map(worldCountries.map((c) => [c.cca3.toUpperCase(), c.cca2.toUpperCase()]));

/**
 * Names in UN style (the UN's list of member states, the Blue Book) where world-countries' common name
 * differs. Only three are missing from world-countries altogether ("Cabo Verde", "Holy See", "Turkey"); the
 * others are resolved by the rules below as well (altSpellings, "X (Y of)" turned into "Y of X"), and are
 * listed so that they keep resolving if a package update drops a spelling.
 */
export const countryAliases: Readonly<Record<string, string>> = {
  "Bahamas": "BS",
  "Bolivia (Plurinational State of)": "BO",
  "Brunei Darussalam": "BN",
  "Cabo Verde": "CV",
  "Congo": "CG",
  "Côte d'Ivoire": "CI",
  "Czechia": "CZ",
  "Democratic People's Republic of Korea": "KP",
  "Democratic Republic of the Congo": "CD",
  "Eswatini": "SZ",
  "Gambia (Republic of The)": "GM",
  "Holy See": "VA",
  "Iran (Islamic Republic of)": "IR",
  "Lao People's Democratic Republic": "LA",
  "Micronesia (Federated States of)": "FM",
  "Netherlands (Kingdom of the)": "NL",
  "North Macedonia": "MK",
  "Republic of Korea": "KR",
  "Republic of Moldova": "MD",
  "Russian Federation": "RU",
  "Sao Tome and Principe": "ST",
  "State of Palestine": "PS",
  "Syrian Arab Republic": "SY",
  "Timor-Leste": "TL",
  "Turkey": "TR",
  "Türkiye": "TR",
  "United Kingdom of Great Britain and Northern Ireland": "GB",
  "United Republic of Tanzania": "TZ",
  "United States of America": "US",
  "Venezuela (Bolivarian Republic of)": "VE",
  "Viet Nam": "VN",
};

/** Where a name comes from; on a clash, the lower number wins. */
const Priority = { Alias: 0, Common: 1, Official: 2, Native: 3, AltSpelling: 4, Database: 5 } as const;
type Priority = (typeof Priority)[keyof typeof Priority];

/**
 * The comparable form of a name: lower case, accents and apostrophes removed, punctuation as spaces, "the"
 * dropped, "St" as "Saint", "&" as "and".
 */
export function countryNameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘ʻʼ`´]/g, "")
    .replace(/&/g, " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "" && word !== "the")
    .map((word) => (word === "st" ? "saint" : word))
    .join(" ");
}

/** The forms of a name to look up, best first: as written, "X (Y of)" / "X, Y of" turned into "Y of X", then X alone. */
function nameVariants(input: string): string[] {
  const name = input.trim().replace(/\s+/g, " ");
  const variants = [name];
  const paren = /^(.*?)\s*\(([^()]*)\)\s*(.*)$/.exec(name);
  if (paren) {
    const outer = `${paren[1]} ${paren[3]}`.trim();
    variants.push(`${paren[2]} ${outer}`, outer);
  }
  const comma = /^([^,]+),\s*(.+)$/.exec(name);
  if (comma) variants.push(`${comma[2]} ${comma[1]}`, comma[1]!);
  return variants;
}

interface NameIndex {
  names: Map<string, { code: string | null; priority: Priority }>;
  /** Codes known to the database (when the index was built for one). */
  codes: Set<string> | null;
}

function addName(index: NameIndex, name: string, code: string, priority: Priority) {
  const key = countryNameKey(name);
  if (!key) return;
  const found = index.names.get(key);
  if (!found || priority < found.priority) index.names.set(key, { code, priority });
  // The same name for two countries at the same rank is ambiguous: it resolves to neither.
  else if (priority === found.priority && found.code !== code) index.names.set(key, { code: null, priority });
}

function buildIndex(): NameIndex {
  const index: NameIndex = { names: new Map(), codes: null };
  for (const [name, code] of Object.entries(countryAliases)) addName(index, name, code, Priority.Alias);
  for (const c of worldCountries) {
    const code = c.cca2.toUpperCase();
    addName(index, c.name.common, code, Priority.Common);
    addName(index, c.name.official, code, Priority.Official);
    const eng = c.name.native?.eng;
    if (eng) {
      addName(index, eng.common, code, Priority.Native);
      addName(index, eng.official, code, Priority.Native);
    }
    for (const alt of c.altSpellings ?? []) addName(index, alt, code, Priority.AltSpelling);
  }
  return index;
}

const baseIndex = buildIndex();
const dbIndexes = new WeakMap<Db, NameIndex>();

function indexFor(db: Db | undefined): NameIndex {
  if (!db) return baseIndex;
  let index = dbIndexes.get(db);
  if (!index) {
    const rows = db.select({ code: schema.countries.code, nameEn: schema.countries.nameEn, officialNameEn: schema.countries.officialNameEn }).from(schema.countries).all();
    index = { names: new Map(baseIndex.names), codes: new Set(rows.map((r) => r.code)) };
    for (const row of rows) {
      addName(index, row.nameEn, row.code, Priority.Database);
      addName(index, row.officialNameEn, row.code, Priority.Database);
    }
    dbIndexes.set(db, index);
  }
  return index;
}

/**
 * The ISO alpha-2 code of a country given as an alpha-2 or alpha-3 code or by an English name (common,
 * official, alternative or UN-style spelling; case, accents and punctuation do not matter), or null when it
 * is unknown or ambiguous. With a database, only countries in its country list are returned.
 */
export function resolveCountry(name: string, db?: Db): string | null {
  const index = indexFor(db);
  const accept = (code: string | null | undefined) => (code && (!index.codes || index.codes.has(code)) ? code : null);
  const text = name.trim();
  if (!text) return null;
  if (/^[A-Za-z]{2}$/.test(text) && byAlpha2.has(text.toUpperCase())) return accept(text.toUpperCase());
  if (/^[A-Za-z]{3}$/.test(text) && alpha3ToAlpha2.has(text.toUpperCase())) return accept(alpha3ToAlpha2.get(text.toUpperCase()));
  for (const variant of nameVariants(text)) {
    const found = index.names.get(countryNameKey(variant));
    if (found) return accept(found.code);
  }
  return null;
}

/** Whether world-countries counts the country as a UN member state (the Holy See, an observer, is not). */
export function isUnMemberState(code: string): boolean {
  const c = byAlpha2.get(code.toUpperCase());
  return !!c && c.unMember && !notUnMembers.has(c.cca2);
}

const definiteArticle = /\b(republic|kingdom|federation|confederation|commonwealth|state|states|union|emirates|principality|duchy|sultanate|nation)\b/i;

/** "the Islamic Republic of Iran", "Japan": the official name as it reads after "of". */
function officialNameInSentence(code: string): string {
  const c = byAlpha2.get(code);
  const official = c?.name.official ?? code;
  return definiteArticle.test(official) && !/^the\b/i.test(official) ? `the ${official}` : official;
}

/** The customary name of a permanent mission, used when the file gives none. */
export function defaultMissionName(kind: MissionKind, code: string): string {
  const state = officialNameInSentence(code);
  return kind === "mission_ny"
    ? `Permanent Mission of ${state} to the United Nations`
    : `Permanent Mission of ${state} to the United Nations Office and other international organizations in Geneva`;
}

// ---------------------------------------------------------------------------------------------------------
// Field validation, shared by both formats.

const limits = {
  name_en: 300,
  name_fa: 300,
  salutation_en: 300,
  salutation_fa: 300,
  postal_address: 1000,
  email: 254,
  phone: 100,
  website: 500,
  key: 100,
} as const;

type Field = "kind" | "country" | "key" | "name_en" | "name_fa" | "salutation_en" | "salutation_fa" | "email" | "postal_address" | "phone" | "website" | "status";

const emailPattern =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isValidEmail(email: string): boolean {
  return email.length <= limits.email && emailPattern.test(email) && email.indexOf("@") <= 64;
}

export function isValidWebsite(url: string): boolean {
  if (/\s/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname.includes(".");
  } catch {
    return false;
  }
}

const keyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;


function parseKind(value: string): RecipientKind | null {
  switch (value.toLowerCase().replace(/[\s-]+/g, "_")) {
    case "ny":
    case "new_york":
    case "mission_ny":
      return "mission_ny";
    case "geneva":
    case "mission_geneva":
      return "mission_geneva";
    case "other":
      return "other";
    default:
      return null;
  }
}

function parseStatus(value: string): AddressStatus | null {
  const normalised = value.toLowerCase().replace(/[\s-]+/g, "_");
  return (schema.addressStatuses as readonly string[]).includes(normalised) ? (normalised as AddressStatus) : null;
}

/** Trimmed text, or null when empty. */
function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\r\n?/g, "\n").trim();
  return text ? text : null;
}

/** A postal address: line breaks kept, each line trimmed, blank lines at the ends dropped. */
function cleanAddress(value: string | null): string | null {
  if (value === null) return null;
  return clean(
    value
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n"),
  );
}

function quote(value: string): string {
  const oneLine = value.replace(/\s+/g, " ");
  return `"${oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine}"`;
}

/** One entry as read from the file, before validation (every text trimmed, empty = null). */
interface RawEntry {
  row: number;
  kind: RecipientKind;
  country: string | null;
  key: string | null;
  nameEn: string | null;
  nameFa: string | null;
  salutationEn: string | null;
  salutationFa: string | null;
  email: string | null;
  postalAddress: string | null;
  phone: string | null;
  website: string | null;
  status: string | null;
}

interface Collector {
  format: ImportFormat;
  /** The name of each field in the file, for messages. */
  fieldName: (field: Field) => string;
  rows: RecipientRow[];
  problems: RowProblem[];
  /** Identity (kind + country, or key) → the row that first had it. */
  seen: Map<string, number>;
}

function collector(format: ImportFormat, fieldName: (field: Field) => string): Collector {
  return { format, fieldName, rows: [], problems: [], seen: new Map() };
}

/** Validates one entry; adds it to the rows, or its problems to the problems. */
function validateEntry(c: Collector, entry: RawEntry) {
  const problems: RowProblem[] = [];
  const problem = (field: Field | null, code: string, message: string) =>
    problems.push({ row: entry.row, field: field ? c.fieldName(field) : null, code, message });

  const { kind } = entry;
  let country: string | null = null;
  let key: string | null = null;

  if (entry.country) {
    country = resolveCountry(entry.country);
    if (!country)
      problem(
        "country",
        "country.unknown",
        c.format === "csv"
          ? `${quote(entry.country)} is not a country this importer knows (give the ISO code or the English name).`
          : `${quote(entry.country)} is not a country name this importer knows (it may need an alias in app/letters/importer.server.ts).`,
      );
    else if (kind !== "other" && !isUnMemberState(country))
      problem("country", "country.not-member", `${quote(entry.country)} (${country}) is not a UN member state: only member states have permanent missions here.`);
  } else if (kind !== "other") {
    problem("country", "country.missing", "A mission needs the country it represents.");
  }

  if (kind === "other") {
    if (!entry.key) problem("key", "key.missing", 'A recipient of kind "other" needs a key (a short lowercase name such as "sr-iran").');
    else {
      key = entry.key.toLowerCase();
      if (key.length > limits.key || !keyPattern.test(key))
        problem("key", "key.invalid", `${quote(entry.key)} is not a valid key: use lowercase letters, digits and single hyphens (for example "sr-iran"), at most ${limits.key} characters.`);
    }
    if (!entry.nameEn) problem("name_en", "name_en.missing", 'A recipient of kind "other" needs an English name.');
  } else if (entry.key) {
    problem("key", "key.unexpected", "A mission is identified by its kind and country: leave the key empty.");
  }

  const lengthOf = (field: keyof typeof limits, value: string | null, label: string) => {
    if (value !== null && value.length > limits[field]) problem(field as Field, `${field}.too-long`, `The ${label} is ${value.length} characters long; at most ${limits[field]} are allowed.`);
  };
  lengthOf("name_en", entry.nameEn, "English name");
  lengthOf("name_fa", entry.nameFa, "Persian name");
  lengthOf("salutation_en", entry.salutationEn, "English salutation");
  lengthOf("salutation_fa", entry.salutationFa, "Persian salutation");
  lengthOf("postal_address", entry.postalAddress, "postal address");
  lengthOf("phone", entry.phone, "phone number");
  // The same characters the staff recipient form refuses: control characters and bidirectional overrides,
  // which could hide or reorder text in a letter (line breaks are allowed in the postal address only).
  const characters = (field: Field, value: string | null, label: string, multiline = false) => {
    if (value !== null && (multiline ? controlInText : controlInLine).test(value))
      problem(field, `${field}.invalid-characters`, `The ${label} contains control characters or bidirectional overrides.`);
  };
  characters("name_en", entry.nameEn, "English name");
  characters("name_fa", entry.nameFa, "Persian name");
  characters("salutation_en", entry.salutationEn, "English salutation");
  characters("salutation_fa", entry.salutationFa, "Persian salutation");
  characters("postal_address", entry.postalAddress, "postal address", true);
  characters("phone", entry.phone, "phone number");

  let email: string | null = null;
  if (entry.email) {
    email = entry.email.toLowerCase();
    if (!isValidEmail(email)) problem("email", "email.invalid", `${quote(entry.email)} is not a valid email address.`);
  }
  if (!entry.email && !entry.postalAddress) problem("email", "address.missing", "The row has neither an email address nor a postal address.");

  if (entry.website) {
    if (entry.website.length > limits.website) lengthOf("website", entry.website, "website address");
    else if (!isValidWebsite(entry.website)) problem("website", "website.invalid", `${quote(entry.website)} is not a website address starting with http:// or https://.`);
  }

  let status: AddressStatus | null = null;
  if (entry.status) {
    status = parseStatus(entry.status);
    if (!status) problem("status", "status.invalid", `${quote(entry.status)} is not a status: use one of ${schema.addressStatuses.join(", ")}.`);
  }

  // The same recipient twice in one file: the later row is refused.
  const identity = kind === "other" ? (key && keyPattern.test(key) ? `key:${key}` : null) : country ? `${kind}:${country}` : null;
  if (identity) {
    const first = c.seen.get(identity);
    if (first !== undefined) {
      const what = kind === "other" ? `the recipient "${key}"` : `the ${kind === "mission_ny" ? "New York" : "Geneva"} mission of ${country}`;
      problems.push({ row: entry.row, field: null, code: "row.duplicate", message: `Row ${first} already gives ${what}; each recipient may appear once in a file.` });
    } else c.seen.set(identity, entry.row);
  }

  if (problems.length > 0) {
    c.problems.push(...problems);
    return;
  }
  c.rows.push({
    row: entry.row,
    kind,
    country,
    key: kind === "other" ? key : null,
    nameEn: entry.nameEn ?? defaultMissionName(kind as MissionKind, country!),
    nameFa: entry.nameFa,
    salutationEn: entry.salutationEn,
    salutationFa: entry.salutationFa,
    email,
    postalAddress: entry.postalAddress,
    phone: entry.phone,
    website: entry.website,
    status,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Formats.

function detectFormat(text: string, options: { format?: ImportFormat; filename?: string }): ImportFormat {
  if (options.format) return options.format;
  const extension = options.filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === "json") return "bluebook";
  if (extension === "csv") return "csv";
  return /^\s*[{[]/.test(text) ? "bluebook" : "csv";
}

function decode(content: string | Buffer): string | null {
  if (typeof content === "string") return content.replace(/^\uFEFF/, "");
  try {
    // The decoder drops a byte order mark.
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

/** Validates a recipients file (nothing is read from or written to the database). */
export function parseRecipientsFile(content: string | Buffer, options: { format?: ImportFormat; filename?: string; kind?: MissionKind } = {}): ParseResult {
  const text = decode(content);
  const format = detectFormat(text ?? "", options);
  if (text === null) {
    return { format, rows: [], problems: [{ row: 0, field: null, code: "file.unreadable", message: "The file is not UTF-8 text: save it as UTF-8 and try again." }], skipped: [] };
  }
  const result = format === "csv" ? parseCsvFile(text, options.kind) : parseBlueBook(text, options.kind ?? "mission_ny");
  result.problems.sort((a, b) => a.row - b.row);
  return result;
}

const csvFields: readonly Field[] = ["kind", "country", "key", "name_en", "name_fa", "salutation_en", "salutation_fa", "email", "postal_address", "phone", "website", "status"];

function parseCsvFile(text: string, defaultKind: MissionKind | undefined): ParseResult {
  const c = collector("csv", (field) => field);
  const fail = (row: number, field: string | null, code: string, message: string): ParseResult => ({
    format: "csv",
    rows: [],
    problems: [{ row, field, code, message }],
    skipped: [],
  });

  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parseCsv(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records; // the typings do not follow the info and raw options
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return fail(line ?? 0, null, "file.unreadable", `The file is not valid CSV (${error.message}).`);
    }
    throw error;
  }

  const [header, ...body] = records;
  if (!header) return fail(0, null, "file.unreadable", "The file is empty: it needs a header row and at least one row.");

  const columns = new Map<Field, number>();
  const problems: RowProblem[] = [];
  header.record.forEach((name, i) => {
    const field = name.trim().toLowerCase().replace(/[\s-]+/g, "_") as Field;
    if (!csvFields.includes(field)) return; // other columns are ignored
    if (columns.has(field)) problems.push({ row: 1, field, code: "column.duplicate", message: `The header names the column "${field}" twice.` });
    else columns.set(field, i);
  });
  if (!columns.has("kind") && !defaultKind)
    problems.push({ row: 1, field: "kind", code: "column.missing", message: 'The header has no "kind" column (ny, geneva or other).' });
  if (!columns.has("country") && !columns.has("key"))
    problems.push({ row: 1, field: "country", code: "column.missing", message: 'The header has neither a "country" nor a "key" column.' });
  if (!columns.has("email") && !columns.has("postal_address"))
    problems.push({ row: 1, field: "email", code: "column.missing", message: 'The header has neither an "email" nor a "postal_address" column.' });
  if (problems.length > 0) return { format: "csv", rows: [], problems, skipped: [] };
  if (body.length === 0) return fail(1, null, "file.empty", "The file has a header but no rows.");

  for (const { record, info, raw } of body) {
    const cell = (field: Field) => {
      const i = columns.get(field);
      return i === undefined ? null : clean(record[i]);
    };
    if (record.every((value) => !value.trim())) continue; // a row of empty cells
    // info.lines is the line where the record ends; a quoted field may span lines.
    const row = info.lines - (raw.replace(/^\n+/, "").replace(/\n$/, "").match(/\n/g)?.length ?? 0);
    const kindText = cell("kind");
    const kind = kindText ? parseKind(kindText) : (defaultKind ?? null);
    if (!kind) {
      c.problems.push(
        kindText
          ? { row, field: "kind", code: "kind.invalid", message: `${quote(kindText)} is not a kind: use ny, geneva or other.` }
          : { row, field: "kind", code: "kind.missing", message: "The row has no kind: use ny, geneva or other." },
      );
      continue;
    }
    validateEntry(c, {
      row,
      kind,
      country: cell("country"),
      key: cell("key"),
      nameEn: cell("name_en"),
      nameFa: cell("name_fa"),
      salutationEn: cell("salutation_en"),
      salutationFa: cell("salutation_fa"),
      email: cell("email"),
      postalAddress: cleanAddress(cell("postal_address")),
      phone: cell("phone"),
      website: cell("website"),
      status: cell("status"),
    });
  }
  return { format: "csv", rows: c.rows, problems: c.problems, skipped: [] };
}

const blueBookFields: Partial<Record<Field, string>> = {
  country: "MC_Entity",
  email: "MC_eMail",
  postal_address: "MC_Address",
  phone: "MC_Telephone",
  website: "MC_WebSite",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseBlueBook(text: string, kind: MissionKind): ParseResult {
  const c = collector("bluebook", (field) => blueBookFields[field] ?? field);
  const skipped: ParseResult["skipped"] = [];
  const fail = (message: string): ParseResult => ({ format: "bluebook", rows: [], problems: [{ row: 0, field: null, code: "file.unreadable", message }], skipped: [] });

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`The file is not valid JSON (${(error as Error).message}).`);
  }
  const entries = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.countries) ? data.countries : null;
  if (!entries) return fail('A Blue Book file is a JSON object with a "countries" list (or a list of entries).');

  entries.forEach((entry: unknown, i: number) => {
    const row = i + 1;
    if (!isObject(entry)) {
      c.problems.push({ row, field: null, code: "row.invalid", message: "The entry is not an object with MC_ fields." });
      return;
    }
    // Field names compared without regard to case (MC_eMail, MC_Email).
    const fields = new Map(Object.entries(entry).map(([name, value]) => [name.toLowerCase(), value]));
    const problems: RowProblem[] = [];
    const get = (name: string): string | null => {
      const value = fields.get(name.toLowerCase());
      if (value === undefined || value === null) return null;
      if (typeof value === "string") return value;
      if (typeof value === "number") return String(value);
      problems.push({ row, field: name, code: "field.invalid", message: `${name} should be text.` });
      return null;
    };

    const entity = clean(get("MC_Entity"));
    const categoryText = clean(get("MC_Category"));
    if (problems.length > 0) {
      c.problems.push(...problems);
      return;
    }
    if (categoryText === null) {
      c.problems.push({ row, field: "MC_Category", code: "category.missing", message: `The entry${entity ? ` for ${quote(entity)}` : ""} has no MC_Category.` });
      return;
    }
    if (Number(categoryText) !== 1) {
      skipped.push({ row, reason: `${entity ? quote(entity) : "The entry"} is in category ${categoryText}, not a member state (category 1).` });
      return;
    }

    // Several addresses may be given: the first valid one is taken.
    const emailText = clean(get("MC_eMail"));
    const addresses = emailText?.split(/[\s;,]+/).map((a) => a.replace(/^mailto:/i, "")).filter(Boolean) ?? [];
    const email = addresses.find((a) => isValidEmail(a.toLowerCase())) ?? emailText;

    let website = clean(get("MC_WebSite"));
    if (website && !/^[a-z][a-z0-9+.-]*:/i.test(website)) website = `https://${website.replace(/^\/+/, "")}`;

    const address = cleanAddress(clean(get("MC_Address")));
    const phone = clean(get("MC_Telephone"));
    if (problems.length > 0) {
      c.problems.push(...problems);
      return;
    }
    validateEntry(c, {
      row,
      kind,
      country: entity,
      key: null,
      nameEn: null,
      nameFa: null,
      salutationEn: null,
      salutationFa: null,
      email,
      postalAddress: address,
      phone,
      website,
      status: null,
    });
  });
  return { format: "bluebook", rows: c.rows, problems: c.problems, skipped };
}

// ---------------------------------------------------------------------------------------------------------
// Plan and apply.

type StoredRecipient = typeof schema.recipients.$inferSelect;

/** The fields a row may set, by CSV column name. */
const comparedFields = [
  ["name_en", "nameEn"],
  ["name_fa", "nameFa"],
  ["salutation_en", "salutationEn"],
  ["salutation_fa", "salutationFa"],
  ["email", "email"],
  ["postal_address", "postalAddress"],
  ["phone", "phone"],
  ["website", "website"],
  ["status", "status"],
  ["country", "country"],
] as const;

/** Fields a demo recipient loses when replaced, even if the row leaves them empty. */
const clearedOnReplace = new Set(["name_fa", "email", "postal_address", "phone", "website", "country"]);

function changesFor(current: StoredRecipient, row: RecipientRow, format: ImportFormat): FieldChange[] {
  const changes: FieldChange[] = [];
  const replacing = current.demo;
  for (const [field, property] of comparedFields) {
    if (field === "country" && row.kind !== "other") continue; // a mission's country is its identity
    let to: string | null = row[property];
    if (field === "status" && to === null && replacing) to = "unverified";
    if (to === null && !(replacing && clearedOnReplace.has(field))) continue;
    const from = current[property];
    if (from !== to) changes.push({ field, from, to });
  }
  // A new address has not been tried yet: unless the file says otherwise, it is unverified again.
  if (changes.some((ch) => ch.field === "email") && row.status === null && current.status !== "unverified" && !changes.some((ch) => ch.field === "status")) {
    changes.push({ field: "status", from: current.status, to: "unverified" });
  }
  if (replacing) {
    changes.push({ field: "demo", from: "true", to: "false" }, { field: "source", from: current.source, to: format });
  }
  return changes;
}

/** Compares the parsed rows with the stored recipients (reads only). */
export function planImport(db: Db, parsed: ParseResult): ImportPlan {
  const stored = db.select().from(schema.recipients).all();
  const missions = new Map<string, StoredRecipient>();
  const others = new Map<string, StoredRecipient>();
  for (const r of stored) {
    if (r.kind !== "other" && r.country) missions.set(`${r.kind}:${r.country}`, r);
    else if (r.kind === "other" && r.key) others.set(r.key, r);
  }
  const countries = new Map(db.select({ code: schema.countries.code, unMember: schema.countries.unMember }).from(schema.countries).all().map((c) => [c.code, c.unMember]));
  const countryField = parsed.format === "bluebook" ? "MC_Entity" : "country";

  const plan: ImportPlan = { ...parsed, rows: [], problems: [...parsed.problems], skipped: [...parsed.skipped], toAdd: [], toChange: [], unchanged: [] };
  for (const row of parsed.rows) {
    if (row.country !== null) {
      const unMember = countries.get(row.country);
      if (unMember === undefined) {
        plan.problems.push({
          row: row.row,
          field: countryField,
          code: "country.not-in-database",
          message: `${row.country} is not in the database's country list (run npm run db:seed to bring it up to date).`,
        });
        continue;
      }
      if (row.kind !== "other" && !unMember) {
        plan.problems.push({ row: row.row, field: countryField, code: "country.not-member", message: `${row.country} is not a UN member state in the database's country list.` });
        continue;
      }
    }
    plan.rows.push(row);
    const current = row.kind === "other" ? others.get(row.key!) : missions.get(`${row.kind}:${row.country}`);
    if (!current) {
      plan.toAdd.push(row);
      continue;
    }
    const changes = changesFor(current, row, parsed.format);
    if (changes.length > 0) plan.toChange.push({ id: current.id, version: current.version, row, changes });
    else plan.unchanged.push({ id: current.id, row });
  }
  plan.problems.sort((a, b) => a.row - b.row);
  return plan;
}

/**
 * Writes a plan in one transaction: the rows to add (status "unverified" unless the row gives one) and the
 * changes (version bumped). Refuses (ImportRefusedError, nothing written) when the plan has problems, unless
 * skipInvalid: rows with problems are never in a plan's additions or changes. Throws, writing nothing, when
 * a recipient changed since the plan was made.
 */
export function applyImport(db: Db, plan: ImportPlan, options: { skipInvalid?: boolean; now?: Date } = {}): { added: number; changed: number } {
  if (plan.problems.length > 0 && !options.skipInvalid) throw new ImportRefusedError(plan.problems);
  const now = options.now ?? new Date();
  return db.transaction((tx) => {
    for (const row of plan.toAdd) {
      try {
        tx.insert(schema.recipients)
          .values({
            kind: row.kind,
            country: row.country,
            key: row.key,
            nameEn: row.nameEn,
            nameFa: row.nameFa,
            ...(row.salutationEn !== null ? { salutationEn: row.salutationEn } : {}),
            ...(row.salutationFa !== null ? { salutationFa: row.salutationFa } : {}),
            email: row.email,
            postalAddress: row.postalAddress,
            phone: row.phone,
            website: row.website,
            status: row.status ?? "unverified",
            source: plan.format,
            demo: false,
            createdAt: now,
            updatedAt: now,
          })
          .run();
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
          throw new Error(`Row ${row.row}: the recipient was added by someone else since the preview; nothing was written. Run the import again.`);
        }
        throw error;
      }
    }
    for (const { id, version, row, changes } of plan.toChange) {
      const set: Partial<typeof schema.recipients.$inferInsert> = {};
      for (const { field, to } of changes) {
        switch (field) {
          case "status":
            set.status = to as AddressStatus;
            set.statusReason = null;
            break;
          case "demo":
            set.demo = false;
            break;
          case "source":
            set.source = plan.format;
            break;
          default: {
            const property = comparedFields.find(([name]) => name === field)?.[1];
            if (!property) throw new Error(`Unknown field in plan: ${field}`);
            if ((property === "nameEn" || property === "salutationEn" || property === "salutationFa") && to === null) break;
            (set as Record<string, string | null>)[property] = to;
          }
        }
      }
      const result = tx
        .update(schema.recipients)
        .set({ ...set, version: sql`${schema.recipients.version} + 1`, updatedAt: now })
        .where(and(eq(schema.recipients.id, id), eq(schema.recipients.version, version)))
        .run();
      if (result.changes !== 1) {
        throw new Error(`Row ${row.row}: the recipient was changed by someone else since the preview; nothing was written. Run the import again.`);
      }
    }
    return { added: plan.toAdd.length, changed: plan.toChange.length };
  });
}
