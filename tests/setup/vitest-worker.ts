// Before each test file: a fresh copy of the seeded base database, private to this file's worker.
import fs from "node:fs";
import path from "node:path";

const testDir = process.env.VITEST_RUN_DIR ?? path.resolve("tmp/vitest/run");
const id = `${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}`;
const dataDir = path.join(testDir, `worker-${id}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
fs.copyFileSync(path.join(testDir, "base.db"), path.join(dataDir, "platform.db"));

process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = "silent";
process.env.APP_ENV = "local";
