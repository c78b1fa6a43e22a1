// npm run db:backup -- <destination file>
// A consistent copy of the platform's database, taken while the platform runs (SQLite's online backup API),
// checked with PRAGMA integrity_check before it is kept. Opens the database the server uses (DATA_DIR, or
// DATABASE_FILE), so run it with the server's environment. The key file is NOT part of the backup: keep the
// keys backed up separately (docs/operations.md, "Backups and restore"). Exit codes: 0 done, 1 failed, 2 usage.
import { backupDatabase } from "../app/utils/backup.server";
import { env } from "../app/utils/env.server";

const args = process.argv.slice(2);
if (args.length !== 1 || args[0]!.startsWith("-")) {
  console.error("Usage: npm run db:backup -- <destination file>   (a new file; backups are never overwritten)");
  process.exit(2);
}

try {
  const report = await backupDatabase(env().databaseFile, args[0]!);
  const { pending, confirmed, invalidated } = report.signatures;
  console.log(`Backup written: ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MiB, ${report.bytes} bytes)`);
  console.log(`Integrity check: ${report.integrity}`);
  console.log(`Signatures: ${confirmed} confirmed, ${pending} pending, ${invalidated} invalidated (petition counters: ${report.countedConfirmed} confirmed)`);
  console.log(`Letters: ${report.letters}; staff accounts: ${report.staffAccounts}`);
  console.log("Not in this backup: the encryption keys. Back up KEY_FILE (or DATA_KEYS) separately; without them the personal data in it cannot be read.");
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
