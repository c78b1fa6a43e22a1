// One SQLite connection for the process (better-sqlite3 is synchronous: a transaction never interleaves with
// another request's work in this process). WAL lets readers continue while a write commits.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../db/schema";
import { env } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Another process (a backup, a command) holding the write lock makes us wait this long, not fail at once.
  sqlite.pragma("busy_timeout = 5000");
  // With WAL, NORMAL loses no committed transaction on an application crash; only an OS crash or power
  // loss may roll back the last transactions (see docs/decisions/0003-sqlite.md).
  sqlite.pragma("synchronous = NORMAL");
  // Deleted data (a withdrawn signature, an erased supporter) is overwritten, not left in free pages.
  sqlite.pragma("secure_delete = ON");
  return drizzle(sqlite, { schema, casing: "snake_case" }) as Db;
}

export function migrateDatabase(db: Db, migrationsFolder = env().migrationsDir) {
  migrate(db, { migrationsFolder });
}

let instance: Db | undefined;

/** The process's database, opened (and migrated) on first use. */
export function db(): Db {
  if (!instance) {
    instance = openDatabase(env().databaseFile);
    migrateDatabase(instance);
  }
  return instance;
}

export function closeDatabase() {
  instance?.$client.close();
  instance = undefined;
}

export { schema };
