import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCheckpointer, type Checkpointer } from "./checkpointer.server";
import { openDatabase, type Db } from "./db.server";
import { commitGrouped } from "./group-commit.server";

let dir: string;
let database: Db;
let checkpointer: Checkpointer | null = null;

const autocheckpoint = () => database.$client.pragma("wal_autocheckpoint", { simple: true });
const insert = (n: number) => database.$client.prepare("INSERT INTO t (v) VALUES (?)").run("x".repeat(2000) + n);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpointer-"));
  database = openDatabase(path.join(dir, "test.db"));
  database.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
});

afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
  database.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the checkpointer", () => {
  it("takes the checkpoints off the writing connection and copies every committed page back", async () => {
    checkpointer = startCheckpointer(database.$client, { intervalMs: 60_000 });
    expect(autocheckpoint()).toBe(0);
    for (let i = 0; i < 300; i++) insert(i);
    const report = await checkpointer.checkpointNow();
    expect(report.log).toBeGreaterThan(100);
    expect(report.checkpointed).toBe(report.log);
    expect(database.$client.prepare("SELECT count(*) FROM t").pluck().get()).toBe(300);
  });

  it("holds the grouped writes for one complete pass of the worker, so that the WAL restarts without a checkpoint on the event loop", async () => {
    const limit = 200;
    // A generous hold: on a slow machine the pass must still end within it for this test to mean anything.
    checkpointer = startCheckpointer(database.$client, { intervalMs: 5, restartFrames: limit, maxHoldMs: 10_000 });
    await checkpointer.checkpointNow();
    let largest = 0;
    let n = 0;
    // Signing during a surge: grouped writes, a group every turn of the event loop, some 8,000 WAL frames in all.
    while (n < 10_000) {
      await Promise.all(Array.from({ length: 5 }, () => commitGrouped(database, () => insert(n++))));
      largest = Math.max(largest, checkpointer.last?.log ?? 0);
    }
    expect(checkpointer.holds).toBeGreaterThan(2);
    // Every held pass copied the whole WAL: the main thread never had to.
    expect(checkpointer.mainThreadRuns).toBe(0);
    expect(largest).toBeGreaterThan(limit);
    expect(largest).toBeLessThan(limit * 10);
    expect(database.$client.prepare("SELECT count(*) FROM t").pluck().get()).toBe(10_000);
  });

  it("keeps the WAL bounded while a writer outside the groups never stops", async () => {
    const limit = 200;
    checkpointer = startCheckpointer(database.$client, { intervalMs: 5, restartFrames: limit });
    // Once the worker has started (through tsx here: slower than the built file).
    await checkpointer.checkpointNow();
    let largest = 0;
    let restarts = 0;
    let previous = 0;
    let n = 0;
    // A transaction every turn of the event loop, as during a surge: some 8,000 WAL frames in all.
    while (n < 10_000) {
      database.$client.transaction(() => {
        for (let i = 0; i < 5; i++) insert(n++);
      })();
      const log = checkpointer.last?.log ?? 0;
      if (log < previous) restarts++;
      previous = log;
      largest = Math.max(largest, log);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Holding the grouped writes does not stop these: beyond the limit the main thread copies the rest itself,
    // and the WAL starts again from its beginning. How far past the limit it gets depends on how many
    // transactions happen while the worker works, so on how busy the machine is (2,496 frames once on a loaded
    // CI machine); without the restarts it would hold all ~8,000.
    expect(checkpointer.mainThreadRuns).toBeGreaterThan(0);
    expect(restarts).toBeGreaterThan(0);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(limit * 25);
    // A pass under way may have started before the last write; the one after it copies everything.
    await checkpointer.checkpointNow();
    const report = await checkpointer.checkpointNow();
    expect(report.checkpointed).toBe(report.log);
  });

  it("gives the connection its automatic checkpoint back when it stops", async () => {
    checkpointer = startCheckpointer(database.$client, { fallbackFrames: 1234 });
    expect(autocheckpoint()).toBe(0);
    await checkpointer.stop();
    expect(autocheckpoint()).toBe(1234);
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/stopped/);
  });
});
