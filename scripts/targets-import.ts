// npm run targets:import -- <file> [--format csv|bluebook] [--kind ny|geneva] [--apply] [--skip-invalid]
//   Shows what a recipients file (CSV, or the UN Blue Book's JSON) would add and change; writes only with
//   --apply, and then refuses a file with problems unless --skip-invalid. See docs/recipients-import.md.
// npm run targets:import -- --group <key> --name-en "…" --name-fa "…" <member> [<member>…]
//   Creates or replaces a target group (members as ISO codes or English names; all UN member states).
// Opens the configured database (DATA_DIR / DATABASE_FILE, as the server does). Exit codes: 0 done, 1 refused
// or failed, 2 usage error.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import { setTargetGroup } from "../app/letters/groups.server";
import {
  applyImport,
  parseRecipientsFile,
  planImport,
  type FieldChange,
  type ImportFormat,
  type ImportPlan,
  type MissionKind,
  type RecipientRow,
  type RowProblem,
} from "../app/letters/importer.server";
import { closeDatabase, db, schema } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

const usage = `Usage:
  npm run targets:import -- <file> [--format csv|bluebook] [--kind ny|geneva] [--apply] [--skip-invalid]
  npm run targets:import -- --group <key> --name-en "<English name>" --name-fa "<Persian name>" <member>...

  --format        csv or bluebook (default: from the file name, .json is bluebook, or from the content)
  --kind          ny or geneva: the missions a Blue Book file lists (default ny); for CSV, the kind of rows
                  that leave the kind column empty
  --apply         write the changes (without it, nothing is written)
  --skip-invalid  with --apply: write the valid rows even if other rows have problems
  --group         create or replace the target group with this key; members are ISO codes or English names`;

class UsageError extends Error {}

function line(text = "") {
  process.stdout.write(`${text}\n`);
}

function show(value: string | null): string {
  if (value === null) return "(empty)";
  const oneLine = value.replace(/\n/g, " / ");
  return oneLine.length > 70 ? `${oneLine.slice(0, 67)}…` : oneLine;
}

function label(row: RecipientRow): string {
  return row.kind === "other" ? `other/${row.key}` : `${row.country}/${row.kind}`;
}

function problemLine(p: RowProblem): string {
  const where = p.row === 0 ? "file" : `row ${p.row}`;
  return `${where}${p.field ? `, ${p.field}` : ""}: ${p.message}`;
}

function changeLine(row: RecipientRow, c: FieldChange): string {
  return `${label(row)}: ${c.field} ${show(c.from)} → ${show(c.to)}`;
}

function printPlan(plan: ImportPlan) {
  const rowsWithProblems = new Set(plan.problems.map((p) => p.row)).size;
  line(`  To add:     ${plan.toAdd.length}`);
  line(`  To change:  ${plan.toChange.length}`);
  line(`  Unchanged:  ${plan.unchanged.length}`);
  line(`  Skipped:    ${plan.skipped.length}`);
  line(`  Problems:   ${plan.problems.length}${plan.problems.length ? ` (in ${rowsWithProblems} row${rowsWithProblems === 1 ? "" : "s"})` : ""}`);
  if (plan.problems.length) {
    line();
    line("Problems (these rows are not imported):");
    for (const p of plan.problems) line(`  ${problemLine(p)}`);
  }
  if (plan.skipped.length) {
    line();
    line("Skipped:");
    for (const s of plan.skipped) line(`  row ${s.row}: ${s.reason}`);
  }
  if (plan.toAdd.length) {
    line();
    line("To add:");
    for (const row of plan.toAdd) {
      const contact = [row.email, row.postalAddress ? "postal address" : null].filter(Boolean).join(", ");
      line(`  ${label(row)}: ${row.nameEn} (${contact}; status ${row.status ?? "unverified"})`);
    }
  }
  if (plan.toChange.length) {
    line();
    line("To change:");
    for (const { row, changes } of plan.toChange) for (const c of changes) line(`  ${changeLine(row, c)}`);
  }
}

function parseKind(value: string | undefined): MissionKind | undefined {
  if (value === undefined) return undefined;
  if (value === "ny" || value === "mission_ny") return "mission_ny";
  if (value === "geneva" || value === "mission_geneva") return "mission_geneva";
  throw new UsageError(`--kind must be ny or geneva, not "${value}".`);
}

function parseFormat(value: string | undefined): ImportFormat | undefined {
  if (value === undefined || value === "csv" || value === "bluebook") return value;
  throw new UsageError(`--format must be csv or bluebook, not "${value}".`);
}

function importFile(file: string, options: { format?: ImportFormat; kind?: MissionKind; apply: boolean; skipInvalid: boolean }): number {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = parseRecipientsFile(content, { format: options.format, filename: file, kind: options.kind });
  const database = db();
  const countries = database.select({ n: count() }).from(schema.countries).get()?.n ?? 0;
  if (countries === 0) {
    process.stderr.write(`The database ${env().databaseFile} has no country list yet: run npm run db:seed (or start the server once) first.\n`);
    return 1;
  }
  const plan = planImport(database, parsed);
  line(`Recipients file: ${file} (${plan.format === "csv" ? "CSV" : "UN Blue Book JSON"})`);
  line(`Database: ${env().databaseFile}`);
  line();
  printPlan(plan);
  line();

  const pending = plan.toAdd.length + plan.toChange.length;
  if (!options.apply) {
    line(`Preview only: nothing was written.${pending ? " Run again with --apply to write these changes." : ""}`);
    return 0;
  }
  if (plan.problems.length && !options.skipInvalid) {
    process.stderr.write(
      `Nothing was written: the file has ${plan.problems.length === 1 ? "a problem. Fix it" : `${plan.problems.length} problems. Fix them`}, ` +
        "or run again with --skip-invalid to write only the valid rows.\n",
    );
    return 1;
  }
  if (!pending) {
    line("Nothing to write: the database already has every row of this file.");
    return 0;
  }
  try {
    const result = applyImport(database, plan, { skipInvalid: options.skipInvalid });
    line(`Written: ${result.added} added, ${result.changed} changed.${plan.problems.length ? " Rows with problems were left out." : ""}`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

function setGroup(key: string, nameEn: string | undefined, nameFa: string | undefined, members: string[]): number {
  if (!nameEn || !nameFa) throw new UsageError("--group needs --name-en and --name-fa.");
  if (members.length === 0) throw new UsageError("--group needs at least one member (ISO codes or English names).");
  const result = setTargetGroup(db(), { key, nameEn, nameFa, members });
  if (!result.ok) {
    process.stderr.write(`Nothing was written: the group has ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}:\n`);
    for (const p of result.problems) {
      const where = p.row === 0 ? "group" : `member ${p.row}`;
      process.stderr.write(`  ${where}${p.field && p.row === 0 ? `, ${p.field}` : ""}: ${p.message}\n`);
    }
    return 1;
  }
  const { group, added, removed } = result;
  line(`Target group "${group.key}" (${group.nameEn}): ${group.members.length} member state${group.members.length === 1 ? "" : "s"}.`);
  line(`  Members: ${group.members.join(", ")}`);
  if (added.length) line(`  Added:   ${added.join(", ")}`);
  if (removed.length) line(`  Removed: ${removed.join(", ")}`);
  return 0;
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        kind: { type: "string" },
        apply: { type: "boolean", default: false },
        "skip-invalid": { type: "boolean", default: false },
        group: { type: "string" },
        "name-en": { type: "string" },
        "name-fa": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function main(argv: string[]): number {
  const args = parseCommandLine(argv);
  const { values, positionals } = args;
  if (values.help) {
    line(usage);
    return 0;
  }
  if (values.group !== undefined) {
    if (values.apply || values["skip-invalid"] || values.format || values.kind) throw new UsageError("--group cannot be combined with the file options.");
    return setGroup(values.group, values["name-en"], values["name-fa"], positionals);
  }
  if (values["name-en"] || values["name-fa"]) throw new UsageError("--name-en and --name-fa go with --group.");
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "Name the file to import." : "Give one file at a time.");
  return importFile(positionals[0]!, {
    format: parseFormat(values.format),
    kind: parseKind(values.kind),
    apply: values.apply,
    skipInvalid: values["skip-invalid"],
  });
}

let code: number;
try {
  code = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    code = 2;
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
} finally {
  closeDatabase();
}
process.exitCode = code;
