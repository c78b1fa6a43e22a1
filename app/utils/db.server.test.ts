import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isDatabaseBusy, openDatabase } from "./db.server";

describe("openDatabase", () => {
  it("waits for another process's write lock in a transaction that reads before it writes, and reports busy after the timeout", () => {
    const dir = fs.mkdtempSync(path.join(process.env.DATA_DIR ?? "tmp", "busy-"));
    const file = path.join(dir, "busy.db");
    const db = openDatabase(file);
    db.$client.exec("CREATE TABLE t (x INTEGER)");
    db.$client.pragma("busy_timeout = 300");
    const other = new Database(file);
    other.exec("BEGIN EXCLUSIVE");
    const readThenWrite = () =>
      db.transaction(() => {
        db.$client.prepare("SELECT count(*) FROM t").get();
        db.$client.prepare("INSERT INTO t VALUES (1)").run();
      });
    const started = Date.now();
    let error: unknown = null;
    try {
      readThenWrite();
    } catch (e) {
      error = e;
    }
    // A deferred transaction would fail at once, without waiting for the busy timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isDatabaseBusy(error)).toBe(true);
    other.exec("COMMIT");
    readThenWrite();
    expect(db.$client.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
    other.close();
    db.$client.close();
  });

  it("recognises busy errors wrapped by drizzle", () => {
    expect(isDatabaseBusy(Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }) }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("x"), { code: "SQLITE_CONSTRAINT_UNIQUE" }))).toBe(false);
    expect(isDatabaseBusy(null)).toBe(false);
  });
});
