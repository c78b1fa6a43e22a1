// Online backups: a copy taken while another connection keeps writing is sound, consistent (every transaction
// wholly in or wholly out) and complete up to the moment it began; it holds no key; it restores by the
// documented procedure and opens with the platform's own open-and-migrate functions; `npm run db:backup` works.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPetition } from "~/petitions/petition.server";
import { confirmSignature, issueSignatureToken, signPetition } from "~/petitions/signing.server";
import { backupDatabase, inspectBackup } from "./backup.server";
import { decryptField } from "./crypto.server";
import { db, migrateDatabase, openDatabase, schema, type Db } from "./db.server";
import { env } from "./env.server";
import { generateKeyringJson, keyFilePath, keyringSchema, resetKeyringForTests, writeKeyFile } from "./keys.server";

const run = promisify(execFile);
const slug = "1988-massacre-justice";
const dataDir = env().dataDir;
const backups = path.join(dataDir, "backups");

/** Keeps writing confirmed signatures (a row and both counters per transaction) until told to stop. */
const writerCode = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const flags = new Int32Array(workerData.flags);
const pid = workerData.petitionId;
const insert = db.prepare("INSERT INTO signatures (petition_id, email_hash, email_enc, name_enc, country, status, locale, created_at, confirmed_at, updated_at) VALUES (?, ?, ?, ?, 'NL', 'confirmed', 'en', ?, ?, ?)");
const total = db.prepare("INSERT INTO petition_counts (petition_id, confirmed) VALUES (?, 1) ON CONFLICT(petition_id) DO UPDATE SET confirmed = confirmed + 1");
const byCountry = db.prepare("INSERT INTO petition_country_counts (petition_id, country, confirmed) VALUES (?, 'NL', 1) ON CONFLICT(petition_id, country) DO UPDATE SET confirmed = confirmed + 1");
const write = db.transaction((n) => {
  const now = Date.now();
  insert.run(pid, "writer-" + n, Buffer.alloc(48, n % 251), Buffer.alloc(96, 7), now, now, now);
  total.run(pid);
  byCountry.run(pid);
});
let n = 0;
while (Atomics.load(flags, 0) === 0) {
  n += 1;
  write(n);
  Atomics.store(flags, 1, n);
}
db.close();
`;

function petitionId(database: Db = db()) {
  return findPetition(database, slug)!.petition.id;
}

/** Counters minus rows: what the seed put in the counters without rows (the same in every sound copy). */
function counterOffset(database: Db) {
  const pid = petitionId(database);
  const rows = database
    .select({ n: sql<number>`count(*)` })
    .from(schema.signatures)
    .where(sql`${schema.signatures.petitionId} = ${pid} AND ${schema.signatures.status} = 'confirmed'`)
    .get()!.n;
  const nlRows = database
    .select({ n: sql<number>`count(*)` })
    .from(schema.signatures)
    .where(sql`${schema.signatures.petitionId} = ${pid} AND ${schema.signatures.status} = 'confirmed' AND ${schema.signatures.country} = 'NL'`)
    .get()!.n;
  const counted = database.select().from(schema.petitionCounts).where(eq(schema.petitionCounts.petitionId, pid)).get()?.confirmed ?? 0;
  const nlCounted =
    database.select().from(schema.petitionCountryCounts).where(sql`${schema.petitionCountryCounts.petitionId} = ${pid} AND ${schema.petitionCountryCounts.country} = 'NL'`).get()
      ?.confirmed ?? 0;
  return { total: counted - rows, nl: nlCounted - nlRows };
}

/** The writer's row numbers in a database, in order. */
function writerRows(database: Db): number[] {
  return database
    .select({ hash: schema.signatures.emailHash })
    .from(schema.signatures)
    .where(like(schema.signatures.emailHash, "writer-%"))
    .all()
    .map((r) => Number(r.hash.slice("writer-".length)))
    .sort((a, b) => a - b);
}

function signedAndConfirmed(fullName: string): number {
  const database = db();
  const found = findPetition(database, slug)!;
  const email = `${fullName.toLowerCase().replace(/\W+/g, ".")}@example.org`;
  signPetition(database, found, { fullName, email, country: "NL", comment: "", showPublicly: false, wantsUpdates: false }, { locale: "en", ipHash: null, powVerified: false });
  const id = database.select({ id: schema.signatures.id }).from(schema.signatures).orderBy(sql`${schema.signatures.id} DESC`).limit(1).get()!.id;
  const token = issueSignatureToken(database, id, "confirm");
  expect(confirmSignature(database, token).status).toBe("confirmed");
  return id;
}

async function until(check: () => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("online backup", () => {
  const names = ["Maryam Karimi", "رضا احمدی"];
  let backupFile = "";
  let before = 0;
  let after = 0;
  let offset = { total: 0, nl: 0 };
  let realIds: number[] = [];

  beforeAll(async () => {
    fs.mkdirSync(backups, { recursive: true });
    realIds = names.map(signedAndConfirmed);
    offset = counterOffset(db());
    const flags = new SharedArrayBuffer(8);
    const view = new Int32Array(flags);
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const writer = new Worker(writerCode, { eval: true, workerData: { file: env().databaseFile, flags, petitionId: petitionId(), sqlite } });
    const exited = new Promise<number>((resolve, reject) => {
      writer.once("exit", resolve);
      writer.once("error", reject);
    });
    try {
      await until(() => Atomics.load(view, 1) >= 300);
      before = Atomics.load(view, 1);
      backupFile = path.join(backups, "platform-copy.db");
      await backupDatabase(env().databaseFile, backupFile);
      after = Atomics.load(view, 1);
    } finally {
      Atomics.store(view, 0, 1);
      expect(await exited).toBe(0);
    }
  });

  it("is taken while another connection keeps writing, and is sound", () => {
    expect(after).toBeGreaterThan(before);
    expect(inspectBackup(backupFile).integrity).toBe("ok");
    // One self-contained file (rollback journal, not WAL), with nothing left beside it.
    const header = Buffer.alloc(20);
    const fd = fs.openSync(backupFile, "r");
    fs.readSync(fd, header, 0, 20, 0);
    fs.closeSync(fd);
    expect([header[18], header[19]]).toEqual([1, 1]);
    expect(fs.readdirSync(backups)).toEqual(["platform-copy.db"]);
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
  });

  it("holds every transaction committed before it began, and never part of one", () => {
    const copy = openDatabase(backupFile);
    try {
      const rows = writerRows(copy);
      // Complete up to its start, and nothing after its end.
      expect(rows.length).toBeGreaterThanOrEqual(before);
      expect(rows.length).toBeLessThanOrEqual(after);
      // The writer's commits in order, without a gap: a prefix of its transactions.
      expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
      // Each transaction wrote a row and two counters: in the copy they agree, row for row.
      expect(counterOffset(copy)).toEqual(offset);
    } finally {
      copy.$client.close();
    }
  });

  it("reports what it holds", () => {
    const report = inspectBackup(backupFile);
    const copy = openDatabase(backupFile);
    try {
      const confirmed = copy.select({ n: sql<number>`count(*)` }).from(schema.signatures).where(eq(schema.signatures.status, "confirmed")).get()!.n;
      expect(report.signatures.confirmed).toBe(confirmed);
      expect(report.countedConfirmed - report.signatures.confirmed).toBe(offset.total);
    } finally {
      copy.$client.close();
    }
  });

  it("contains no key: encrypted fields stay unreadable without the key file kept elsewhere", () => {
    const keys = keyringSchema.parse(JSON.parse(fs.readFileSync(keyFilePath()!, "utf8")));
    const bytes = fs.readFileSync(backupFile);
    for (const secret of [...Object.values(keys.encryption.keys), keys.hashing]) {
      expect(bytes.includes(Buffer.from(secret, "base64"))).toBe(false);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    for (const name of names) expect(bytes.includes(Buffer.from(name))).toBe(false);
  });

  it("restores by the documented procedure, and the platform's open-and-migrate reads it", () => {
    // A data directory as a crashed or replaced server leaves it: a database, its WAL and shared memory.
    const restoreDir = path.join(dataDir, "restore");
    fs.mkdirSync(restoreDir, { recursive: true });
    const target = path.join(restoreDir, "platform.db");
    const old = openDatabase(target);
    migrateDatabase(old);
    old.$client.pragma("wal_autocheckpoint = 0");
    old.$client.exec("CREATE TABLE unrelated (x); INSERT INTO unrelated VALUES (1);");
    fs.copyFileSync(target, `${target}.stale`);
    for (const suffix of ["-wal", "-shm"]) fs.copyFileSync(`${target}${suffix}`, `${target}${suffix}.stale`);
    old.$client.close();
    fs.renameSync(`${target}.stale`, target);
    for (const suffix of ["-wal", "-shm"]) fs.renameSync(`${target}${suffix}.stale`, `${target}${suffix}`);
    expect(fs.existsSync(`${target}-wal`)).toBe(true);

    // Stop the server (here: nothing runs), replace the file, remove -wal and -shm, start.
    fs.copyFileSync(backupFile, target);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
    const restored = openDatabase(target);
    try {
      migrateDatabase(restored);
      const applied = restored.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
      expect(applied.n).toBe(fs.readdirSync(env().migrationsDir).filter((f) => f.endsWith(".sql")).length);
      expect(restored.$client.prepare("SELECT name FROM sqlite_master WHERE name = 'unrelated'").get()).toBeUndefined();
      const copy = openDatabase(backupFile);
      expect(writerRows(restored)).toEqual(writerRows(copy));
      copy.$client.close();
      expect(restored.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      // With the keys (kept apart), the supporters in it can be read again.
      const rows = restored.select().from(schema.signatures).where(sql`${schema.signatures.id} IN (${sql.join(realIds, sql`, `)})`).all();
      expect(rows.map((r) => decryptField("signatures.name", r.nameEnc)).sort()).toEqual([...names].sort());
    } finally {
      restored.$client.close();
    }
  });

  it("restored without its keys (lost), the counts survive and the personal data is unreadable", () => {
    const lost = path.join(dataDir, "another-keyring.json");
    writeKeyFile(lost, generateKeyringJson());
    const previous = process.env.KEY_FILE;
    process.env.KEY_FILE = lost;
    resetKeyringForTests();
    const copy = openDatabase(backupFile);
    try {
      const rows = copy.select().from(schema.signatures).where(sql`${schema.signatures.id} IN (${sql.join(realIds, sql`, `)})`).all();
      for (const row of rows) expect(() => decryptField("signatures.name", row.nameEnc)).toThrow();
      expect(counterOffset(copy)).toEqual(offset);
      expect(copy.select().from(schema.petitionCounts).where(eq(schema.petitionCounts.petitionId, petitionId(copy))).get()!.confirmed).toBeGreaterThanOrEqual(before);
    } finally {
      copy.$client.close();
      if (previous === undefined) delete process.env.KEY_FILE;
      else process.env.KEY_FILE = previous;
      resetKeyringForTests();
    }
  });

  it("never overwrites a file, nor the database itself", async () => {
    await expect(backupDatabase(env().databaseFile, backupFile)).rejects.toThrow(/already exists/);
    await expect(backupDatabase(env().databaseFile, env().databaseFile)).rejects.toThrow(/cannot replace/);
    expect(inspectBackup(backupFile).integrity).toBe("ok");
  });

  it("npm run db:backup writes a checked copy and says what it holds, and that the keys are not in it", async () => {
    const tsx = path.resolve("node_modules/.bin/tsx");
    const destination = path.join(backups, "from-the-command.db");
    const { stdout } = await run(tsx, ["scripts/db-backup.ts", destination], { env: { ...process.env, LOG_LEVEL: "silent" } });
    expect(stdout).toMatch(/^Backup written: .*from-the-command\.db \(\d+\.\d MiB, \d+ bytes\)$/m);
    expect(stdout).toContain("Integrity check: ok");
    expect(stdout).toMatch(/^Signatures: \d+ confirmed, \d+ pending, \d+ invalidated \(petition counters: \d+ confirmed\)$/m);
    expect(stdout).toContain("Not in this backup: the encryption keys.");
    expect(inspectBackup(destination).integrity).toBe("ok");
    const usage = await run(tsx, ["scripts/db-backup.ts"], { env: process.env }).catch((error: { code: number; stderr: string }) => error);
    expect(usage).toMatchObject({ code: 2 });
    const again = await run(tsx, ["scripts/db-backup.ts", destination], { env: process.env }).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toContain("already exists");
  }, 60_000);

  afterAll(() => {
    fs.rmSync(backups, { recursive: true, force: true });
  });
});
