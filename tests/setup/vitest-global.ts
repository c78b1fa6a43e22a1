// Before the unit and integration tests: one migrated and seeded database that every test file copies, so
// that each file works on its own real SQLite file.
import fs from "node:fs";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "../../app/utils/db.server";
import { seed } from "../../db/seed/index";

const testDir = process.env.VITEST_RUN_DIR ?? path.resolve("tmp/vitest/run");
const baseDatabase = path.join(testDir, "base.db");

export default function setup() {
  // Remove what earlier runs left behind (older than an hour), then start clean.
  const parent = path.dirname(testDir);
  fs.mkdirSync(parent, { recursive: true });
  for (const entry of fs.readdirSync(parent)) {
    const dir = path.join(parent, entry);
    if (dir !== testDir && Date.now() - fs.statSync(dir).mtimeMs > 3600_000) fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.rmSync(testDir, { recursive: true, force: true });
  fs.mkdirSync(testDir, { recursive: true });
  const db = openDatabase(baseDatabase);
  migrate(db, { migrationsFolder: path.resolve("db/migrations") });
  seed(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return () => fs.rmSync(testDir, { recursive: true, force: true });
}
