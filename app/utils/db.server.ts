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

/** The page cache of a connection opened by openDatabase, in KiB. */
const cacheKib = 65_536;

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Another process (a backup, a command) holding the write lock makes us wait this long, not fail at once
  // (the whole process waits: better-sqlite3 is synchronous). Beyond it a request gets a 503 (server/app.ts).
  sqlite.pragma("busy_timeout = 5000");
  // With WAL, NORMAL loses no committed transaction on an application crash; only an OS crash or power
  // loss may roll back the last transactions (see docs/decisions/0003-sqlite.md).
  sqlite.pragma("synchronous = NORMAL");
  // Deleted data (a withdrawn signature, an erased supporter) is overwritten, not left in free pages.
  sqlite.pragma("secure_delete = ON");
  // Pages written to the WAL are copied back into the database (a checkpoint) once it holds 8,000 pages
  // (32 MB) rather than SQLite's 1,000: during a surge the same index pages change in every transaction, and a
  // rarer checkpoint copies each of them once instead of eight times (docs/decisions/0021-group-commit.md).
  // Once checkpointed, a WAL file larger than 64 MB is cut back to that size.
  sqlite.pragma("wal_autocheckpoint = 8000");
  sqlite.pragma("journal_size_limit = 67108864");
  // A page cache of up to 64 MB (SQLite's default here is 16 MB), filled only as pages are read. Every
  // signature looks up and inserts its keyed email hash in the (petition_id, email_hash) index, at a random
  // place: with a million signatures that index is 57 MB, and with 16 MB nearly every signature read its
  // leaf back from the operating system (most of the extra work a million stored cost: docs/performance.md).
  // Long scans (exports) read through connections of their own (openScan), so that rows read once neither
  // fill this cache nor push out those pages.
  sqlite.pragma(`cache_size = -${cacheKib}`);
  cacheStatements(sqlite);
  const database = drizzle(sqlite, { schema, casing: "snake_case" }) as Db;
  // Transactions take the write lock when they begin (BEGIN IMMEDIATE). A deferred transaction that has
  // read first cannot wait for the lock when it comes to write: SQLite fails it at once with SQLITE_BUSY,
  // ignoring the busy timeout. One connection serves the process, so this costs no concurrency here.
  const transaction = database.transaction.bind(database);
  database.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as Db["transaction"];
  return database;
}

/**
 * A read-only connection to `file` for one long scan (an export), with a small page cache of its own: it
 * reads each page once, so a large cache would only grow the process's memory.
 */
export function openReadOnly(file: string): Db {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -4000");
  return drizzle(sqlite, { schema, casing: "snake_case" }) as Db;
}

/**
 * A connection for a long scan of `db`'s file (openReadOnly), and how to close it; `db` itself when it has no
 * file (an in-memory database).
 */
export function openScan(db: Db): { db: Db; close: () => void } {
  if (db.$client.memory) return { db, close: () => undefined };
  const scan = openReadOnly(db.$client.name);
  return { db: scan, close: () => scan.$client.open && scan.$client.close() };
}

/** SQLite could not get a lock within the busy timeout (another process holds the database). */
export function isDatabaseBusy(error: unknown): boolean {
  // Drizzle wraps a failed statement's error (DrizzleQueryError) and keeps SQLite's as its cause.
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
  }
  return false;
}

/** Compiled statements kept per connection (an LRU of SQL texts). */
const statementCacheSize = 500;

/**
 * Drizzle compiles every query's SQL again each time it runs (better-sqlite3's prepare), which costs more
 * than running most of our queries. The same SQL text gets the same compiled statement back instead, reset
 * to its default result mode (Drizzle and our own code switch modes with raw()/pluck()), unless that
 * statement is in the middle of an iterate(), in which case a new one is compiled.
 */
function cacheStatements(sqlite: Database.Database) {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Most recently used last.
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached.safeIntegers(false);
    }
    const statement = compile(source);
    if (cached) return statement;
    cache.set(source, statement);
    if (cache.size > statementCacheSize) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

type QueryRunner = Pick<Db, "select" | "insert" | "update" | "delete">;
const preparedByConnection = new WeakMap<Database.Database, Map<object, unknown>>();

/**
 * Statements of a hot path, built once per connection with Drizzle's prepare() and sql.placeholder(): Drizzle
 * otherwise builds a query's SQL text on every call, which costs several times what SQLite then spends
 * running it. `db` may be the database or a transaction on it (they share one connection); `key` names the
 * set of statements (a module's own object).
 */
export function preparedFor<T>(db: QueryRunner, key: object, build: (db: QueryRunner) => T): T {
  const client = (db as unknown as { session: { client: Database.Database } }).session.client;
  let statements = preparedByConnection.get(client);
  if (!statements) preparedByConnection.set(client, (statements = new Map()));
  let value = statements.get(key) as T | undefined;
  if (value === undefined) {
    value = build(db);
    statements.set(key, value);
  }
  return value;
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
