// Before the unit and integration tests: one migrated and seeded database that every test file copies, so
// that each file works on its own real SQLite file.
import fs from "node:fs";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "../../app/utils/db.server";
import { seed } from "../../db/seed/index";

export const testDir = path.resolve("tmp/vitest");
export const baseDatabase = path.join(testDir, "base.db");

export default function setup() {
  fs.rmSync(testDir, { recursive: true, force: true });
  fs.mkdirSync(testDir, { recursive: true });
  const db = openDatabase(baseDatabase);
  migrate(db, { migrationsFolder: path.resolve("db/migrations") });
  seed(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}
