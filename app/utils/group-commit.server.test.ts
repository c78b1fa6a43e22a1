import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDatabaseBusy, openDatabase, type Db } from "./db.server";
import { commitGrouped, holdCommits, maxGroupSize } from "./group-commit.server";

let dir: string;
let database: Db;
/** A second connection, as another process would see the file. */
let observer: Database.Database;

const stored = () => (observer.prepare("SELECT v FROM t ORDER BY v").pluck().all() as string[]).join(",");
const insert = (value: string) => database.$client.prepare("INSERT INTO t (v) VALUES (?)").run(value);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "group-commit-"));
  database = openDatabase(path.join(dir, "test.db"));
  database.$client.exec("CREATE TABLE t (v TEXT NOT NULL UNIQUE)");
  observer = new Database(path.join(dir, "test.db"));
});

afterEach(() => {
  observer.close();
  database.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("commitGrouped", () => {
  it("commits the work queued in one turn of the event loop together, and answers after the commit", async () => {
    const seenAtAnswer: string[] = [];
    const answers = ["a", "b", "c"].map((value) =>
      commitGrouped(database, () => {
        insert(value);
        return value.toUpperCase();
      }).then((result) => {
        seenAtAnswer.push(stored());
        return result;
      }),
    );
    // Nothing is written before the turn ends.
    expect(stored()).toBe("");
    expect(await Promise.all(answers)).toEqual(["A", "B", "C"]);
    // Every caller was answered after the one commit that holds all three.
    expect(seenAtAnswer).toEqual(["a,b,c", "a,b,c", "a,b,c"]);
  });

  it("undoes only the failing piece of work, and rejects only its caller", async () => {
    const results = await Promise.allSettled([
      commitGrouped(database, () => insert("first")),
      commitGrouped(database, () => {
        insert("half-done");
        throw new Error("second failed");
      }),
      // A constraint violation in SQLite itself.
      commitGrouped(database, () => insert("first")),
      commitGrouped(database, () => insert("last")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain("second failed");
    expect(String((results[2] as PromiseRejectedResult).reason)).toContain("UNIQUE");
    expect(stored()).toBe("first,last");
  });

  it("commits more work than one group holds in several transactions, none lost", async () => {
    const count = maxGroupSize * 2 + 10;
    const visible = () => observer.prepare("SELECT count(*) FROM t").pluck().get() as number;
    const seenAtAnswer = await Promise.all(Array.from({ length: count }, (_, i) => commitGrouped(database, () => insert(String(i).padStart(4, "0"))).then(visible)));
    // Each caller is answered once its own group has committed, before the next group is written.
    expect(seenAtAnswer[0]).toBe(maxGroupSize);
    expect(seenAtAnswer[maxGroupSize]).toBe(maxGroupSize * 2);
    expect(seenAtAnswer[count - 1]).toBe(count);
  });

  it("rejects every caller, and writes nothing, when another process keeps the database locked", async () => {
    database.$client.pragma("busy_timeout = 50");
    observer.exec("BEGIN IMMEDIATE");
    const results = await Promise.allSettled([commitGrouped(database, () => insert("x")), commitGrouped(database, () => insert("y"))]);
    observer.exec("ROLLBACK");
    expect(results.every((r) => r.status === "rejected" && isDatabaseBusy(r.reason))).toBe(true);
    expect(stored()).toBe("");
    // The next group goes through once the lock is gone.
    await commitGrouped(database, () => insert("z"));
    expect(stored()).toBe("z");
  });

  it("keeps the work queued while commits are held, and commits it all once they are let go", async () => {
    const release = holdCommits(database.$client);
    let answered = 0;
    const answers = ["a", "b"].map((value) => commitGrouped(database, () => insert(value)).then(() => (answered += 1)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(0);
    expect(stored()).toBe("");
    // Work queued during the hold joins the same group.
    answers.push(commitGrouped(database, () => insert("c")).then(() => (answered += 1)));
    release();
    release();
    await Promise.all(answers);
    expect(stored()).toBe("a,b,c");
    // Letting go twice did not lift a hold taken since.
    const second = holdCommits(database.$client);
    const late = commitGrouped(database, () => insert("d"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stored()).toBe("a,b,c");
    second();
    await late;
    expect(stored()).toBe("a,b,c,d");
  });

  it("keeps a group's savepoint journals in memory, and temporary files at their default afterwards", async () => {
    // Pages that exist before the savepoint and change in it are journalled: 300 rows of 1 KB, all rewritten,
    // make a journal of about 300 KB, which SQLite would write to a temporary file past 64 KB.
    const fill = database.$client.prepare("INSERT INTO t (v) VALUES (?)");
    for (let i = 0; i < 300; i++) fill.run(`${String(i).padStart(4, "0")}${"x".repeat(1000)}`);
    // SQLite unlinks a temporary file as soon as it opens it: it shows among the open files as "(deleted)".
    const temporaryFiles = () =>
      fs
        .readdirSync("/proc/self/fd")
        .map((fd) => {
          try {
            return fs.readlinkSync(path.join("/proc/self/fd", fd));
          } catch {
            return "";
          }
        })
        .filter((target) => target.includes("etilqs_"));
    const seen = await commitGrouped(database, () => {
      database.$client.exec("UPDATE t SET v = v || 'y'");
      return { files: temporaryFiles(), store: database.$client.pragma("temp_store", { simple: true }) };
    });
    expect(seen).toEqual({ files: [], store: 2 });
    expect(database.$client.pragma("temp_store", { simple: true })).toBe(0);
    expect(observer.prepare("SELECT count(*) FROM t WHERE v LIKE '%y'").pluck().get()).toBe(300);

    // The same work outside a group does use a temporary file (what the test above would see without it).
    const outside = database.$client.transaction(() => {
      database.$client.exec("SAVEPOINT s; UPDATE t SET v = v || 'z'");
      const files = temporaryFiles();
      database.$client.exec("RELEASE s");
      return files;
    });
    expect(outside.immediate().length).toBeGreaterThan(0);
  });
});
