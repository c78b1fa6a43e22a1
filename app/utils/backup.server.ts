// Online backups of the SQLite database (docs/operations.md, "Backups and restore"). SQLite's backup API
// (through better-sqlite3) copies the database page by page inside one read transaction: in WAL mode that
// neither stops the running platform's writes nor sees half of one of them, so the copy is the database
// exactly as it was when the copy began. The copy is then checked (PRAGMA integrity_check) and only then
// given its name. The key file is never part of it: keys are backed up separately.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export interface BackupReport {
  file: string;
  bytes: number;
  /** "ok", or the problems PRAGMA integrity_check found (the backup is then not kept). */
  integrity: string;
  signatures: { pending: number; confirmed: number; invalidated: number };
  /** The confirmed signatures the petition counters show (equal to `signatures.confirmed` in a sound copy). */
  countedConfirmed: number;
  letters: number;
  staffAccounts: number;
}

/** Everything in one step: a step-by-step copy starts again whenever another connection writes. */
const allPages = 0x7fffffff;

function tableExists(db: Database.Database, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
}

function count(db: Database.Database, table: string, where = ""): number {
  if (!tableExists(db, table)) return 0;
  return (db.prepare(`SELECT count(*) AS n FROM "${table}" ${where}`).get() as { n: number }).n;
}

/** Checks a database file and counts what it holds; read-only, so it can be run on any copy. */
export function inspectBackup(file: string): Omit<BackupReport, "file" | "bytes"> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems = db.pragma("integrity_check") as { integrity_check: string }[];
    const status = (s: string) => count(db, "signatures", `WHERE status = '${s}'`);
    return {
      integrity: problems.map((p) => p.integrity_check).join("; "),
      signatures: { pending: status("pending"), confirmed: status("confirmed"), invalidated: status("invalidated") },
      countedConfirmed: tableExists(db, "petition_counts")
        ? (db.prepare("SELECT coalesce(sum(confirmed), 0) AS n FROM petition_counts").get() as { n: number }).n
        : 0,
      letters: count(db, "letters"),
      staffAccounts: count(db, "staff_users"),
    };
  } finally {
    db.close();
  }
}

function fsyncPath(target: string) {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies the database at `source` (which the platform may be using) to `destination`, a new file. The copy is
 * written next to its destination under a temporary name, switched from WAL to a rollback journal so that it
 * is one self-contained file, checked, flushed to disk, and renamed. Throws, leaving nothing behind, if the
 * destination exists or the check fails.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupReport> {
  const from = path.resolve(source);
  const to = path.resolve(destination);
  if (!fs.existsSync(from)) throw new Error(`No database at ${from}.`);
  if (to === from) throw new Error("The backup cannot replace the database itself.");
  if (fs.existsSync(to)) throw new Error(`${to} already exists: give a new file name (backups are never overwritten).`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  try {
    const live = new Database(from, { fileMustExist: true });
    try {
      // Wait for a writer that holds the lock for a moment rather than fail at once.
      live.pragma("busy_timeout = 5000");
      await live.backup(partial, { progress: () => allPages });
    } finally {
      live.close();
    }
    const copy = new Database(partial);
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    const report = inspectBackup(partial);
    if (report.integrity !== "ok") throw new Error(`The copy failed its integrity check: ${report.integrity}`);
    fs.chmodSync(partial, 0o600);
    fsyncPath(partial);
    fs.renameSync(partial, to);
    try {
      fsyncPath(path.dirname(to));
    } catch {
      // Some systems cannot flush a directory; the file itself is on disk.
    }
    return { file: to, bytes: fs.statSync(to).size, ...report };
  } finally {
    for (const file of leftovers) fs.rmSync(file, { force: true });
  }
}
