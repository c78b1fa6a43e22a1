// Seeds the databases the bench's scenarios start from, in its own process, with the platform's own code
// (migrations, the campaign seed, field encryption, keyed hashes, token hashes, the outbox's queueEmail, staff
// accounts). Reads a SeedSpec as JSON from its first argument and prints a SeedManifest as JSON.
//
// Each database is made once and copied for every server the bench starts: the server always starts on a
// fresh copy. Bulk rows go through prepared statements in one transaction (a million signatures in well under
// a minute); the counter tables (petition_counts, petition_country_counts) are written to match them.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { eq } from "drizzle-orm";
import { seed } from "../../db/seed/index";
import { queueEmail, type QueueEmailInput } from "../../app/mail/outbox.server";
import { petitionText } from "../../app/petitions/petition.server";
import { acceptInvite, createInvite, newTotpSecret } from "../../app/staff/auth.server";
import { encryptField, newToken } from "../../app/utils/crypto.server";
import { migrateDatabase, openDatabase, schema, type Db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import type { TemplateName } from "../../emails";
import { copyDatabase, petitionSlug } from "./lib";
import { insertStatement, makeRows, type RowsPlan, type SignatureRow } from "./seed-rows";

export interface SeedSpec {
  /** Where the databases and token files are written. */
  dir: string;
  /** Confirmed signatures in the large database (a million for the real run). */
  largeSignatures: number;
  /** Pending signatures with known confirmation tokens (the confirmation scenario). */
  confirmTokens: number;
  mail: MailSpec;
}

export interface MailSpec {
  /** Signature confirmation emails, each to its own address. */
  confirmations: number;
  /** Missions receiving letters, and letters queued for each (more than the hourly cap). */
  missions: number;
  lettersPerMission: number;
}

export interface SeedManifest {
  petitionId: number;
  /** Fresh database with the campaign seed and ten confirmed signatures. */
  small: string;
  /** The same with `largeSignatures` confirmed signatures and an exporter account. */
  large: string;
  /** Ten confirmed signatures and `confirmTokens` pending ones. */
  confirm: string;
  /** Queued emails, before any delivery. */
  mail: string;
  /** Files of tokens, one per line. */
  confirmTokensFile: string;
  /** A few pending signatures' tokens in small and large (to watch a count change). */
  smallPendingTokensFile: string;
  largePendingTokensFile: string;
  staff: { email: string; password: string; totpSecret: string };
  mailPlan: MailPlanSummary;
  seconds: Record<string, number>;
}

export interface MailPlanSummary {
  /** The messages as queued, with whether the platform should deliver them now (within the caps). */
  messagesFile: string;
  queued: number;
  deliverable: number;
  /** Letters per recipient per hour (the platform's LETTERS_PER_RECIPIENT_PER_HOUR default). */
  cap: number;
  missionAddresses: string[];
}

/** One message of the mail scenario, as queued (the baseline renders and sends the deliverable ones itself). */
export interface PlannedMessage {
  input: QueueEmailInput<TemplateName>;
  deliverable: boolean;
}

const spec = JSON.parse(process.argv[2] ?? "") as SeedSpec;
const seconds: Record<string, number> = {};

async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  seconds[label] = Math.round(performance.now() - started) / 1000;
  return result;
}

function open(file: string): Db {
  const db = openDatabase(file);
  // Random keys (the email hash index) over a million rows thrash SQLite's default 2 MB page cache, and a
  // write-ahead log as large as the database slows every page look-up: seeding writes the file directly (the
  // server switches it back to WAL when it opens it).
  db.$client.pragma("cache_size = -1000000");
  db.$client.pragma("journal_mode = MEMORY");
  db.$client.pragma("synchronous = OFF");
  return db;
}

/** Closes the database in WAL mode, as the platform keeps it; the file alone is the whole database. */
function close(db: Db) {
  db.$client.pragma("journal_mode = WAL");
  db.$client.close();
}

interface SignatureRows {
  status: "confirmed" | "pending";
  count: number;
  /** Distinguishes the email addresses of separate batches. */
  prefix: string;
  /** Keep the confirmation tokens of pending signatures (written to this file, one per line). */
  tokensFile?: string;
}

/** Rows prepared per message to a worker thread. */
const chunkRows = 5_000;

/**
 * Inserts signatures (see seed-rows.ts) in one transaction: confirmed ones counted in the counter tables,
 * pending ones each with a confirmation token whose SHA-256 hash is stored. Large batches are prepared by two
 * worker threads (encryption is most of the cost) while this thread inserts, in order.
 */
async function insertSignatures(db: Db, petitionId: number, rows: SignatureRows) {
  const others = db.$client.prepare("SELECT code FROM countries ORDER BY code").pluck().all() as string[];
  // A few countries have most signers, then a long tail.
  const top = ["DE", "US", "GB", "CA", "SE", "FR", "NL", "AU", "IR", "IT", "NO", "AT", "BE", "CH", "DK"];
  const countries = [...top, ...others.filter((code) => !top.includes(code))];
  const now = Date.now();
  const plan = (start: number): RowsPlan => ({ petitionId, status: rows.status, prefix: rows.prefix, countries, start, end: Math.min(start + chunkRows, rows.count), count: rows.count, now });

  const insert = db.$client.prepare(insertStatement);
  const insertToken = db.$client.prepare("INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at, created_at) VALUES (?, ?, 'confirm', ?, ?)");
  // A confirmed signature keeps its withdrawal link's token until its data is deleted (signing.server.ts):
  // a million confirmed signatures come with a million token rows, in the table the signing path appends to.
  // Nobody follows these links in the bench, so a random hash stands for the hash of a random secret.
  const insertWithdrawToken = db.$client.prepare("INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at, created_at) VALUES (?, ?, 'withdraw', NULL, ?)");
  const byCountry = new Map<string, number>();
  const tokens: string[] = [];
  const write = (batch: SignatureRow[]) => {
    for (const row of batch) {
      // Rows from a worker arrive as plain Uint8Arrays: bind them as Buffers (no copy).
      for (const i of [2, 3, 6]) {
        const value = row[i];
        if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
      const result = insert.run(...row);
      if (rows.status === "confirmed") {
        byCountry.set(row[5], (byCountry.get(row[5]) ?? 0) + 1);
        insertWithdrawToken.run(crypto.randomBytes(32).toString("base64url"), result.lastInsertRowid, now);
      } else {
        // The link's token as signing.server.ts issues it: the row's id, a dot, the secret.
        const { token: secret, hash } = newToken();
        const tokenId = insertToken.run(hash, result.lastInsertRowid, now + 7 * 86_400_000, now).lastInsertRowid;
        tokens.push(`${tokenId}.${secret}`);
      }
    }
  };

  db.$client.exec("BEGIN");
  try {
    if (rows.count < 200_000) {
      for (let start = 0; start < rows.count; start += chunkRows) write(makeRows(plan(start)));
    } else {
      await prepareInWorkers(rows.count, plan, write);
    }
    // The counters the public pages read, consistent with the rows.
    const added = [...byCountry.values()].reduce((a, b) => a + b, 0);
    db.$client
      .prepare("INSERT INTO petition_counts (petition_id, confirmed) VALUES (?, ?) ON CONFLICT (petition_id) DO UPDATE SET confirmed = confirmed + excluded.confirmed")
      .run(petitionId, added);
    const country = db.$client.prepare(
      "INSERT INTO petition_country_counts (petition_id, country, confirmed) VALUES (?, ?, ?) ON CONFLICT (petition_id, country) DO UPDATE SET confirmed = confirmed + excluded.confirmed",
    );
    for (const [code, n] of byCountry) country.run(petitionId, code, n);
    db.$client.exec("COMMIT");
  } catch (error) {
    db.$client.exec("ROLLBACK");
    throw error;
  }
  if (rows.tokensFile) fs.writeFileSync(rows.tokensFile, tokens.join("\n") + "\n");
}

/**
 * A worker thread running a TypeScript module. Workers do not get the tsx loader from --import (its hooks
 * are registered per thread), so a small bootstrap registers it before importing the module.
 */
function startTsWorker(module: URL): Worker {
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** Two worker threads prepare chunks of rows; each chunk is written in order as soon as it is ready. */
async function prepareInWorkers(count: number, plan: (start: number) => RowsPlan, write: (rows: SignatureRow[]) => void) {
  const workers = [0, 1].map(() => startTsWorker(new URL("./seed-worker.ts", import.meta.url)));
  const ready = new Map<number, SignatureRow[]>();
  let nextToAssign = 0;
  let nextToWrite = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const assign = (worker: Worker) => {
        if (nextToAssign >= count) return;
        const start = nextToAssign;
        nextToAssign += chunkRows;
        worker.once("message", (rows: SignatureRow[]) => {
          ready.set(start, rows);
          // Keep the worker busy while this thread writes.
          assign(worker);
          try {
            for (let batch = ready.get(nextToWrite); batch; batch = ready.get(nextToWrite)) {
              ready.delete(nextToWrite);
              write(batch);
              nextToWrite += chunkRows;
            }
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
          if (nextToWrite >= count) resolve();
        });
        worker.postMessage(plan(start));
      };
      for (const worker of workers) {
        worker.once("error", reject);
        // Two chunks in flight per worker, so that neither waits for the main thread.
        assign(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** An exporter with two-factor authentication, created the way staff accounts are (tests/setup/staff.ts). */
async function createExporter(db: Db) {
  const email = "exporter@bench.example.org";
  const password = "Long bench passphrase lantern orchard 1988";
  const token = createInvite(db, { roles: ["exporter"], createdBy: null });
  const result = await acceptInvite(db, token, { name: "Bench exporter", email, password });
  if (!result.ok) throw new Error(`could not create the exporter: ${result.error}`);
  const totpSecret = newTotpSecret();
  db.update(schema.staffUsers)
    .set({ totpSecretEnc: encryptField("staff.totp", totpSecret), totpEnabledAt: new Date() })
    .where(eq(schema.staffUsers.id, result.user.id))
    .run();
  return { email, password, totpSecret };
}

/**
 * The mail scenario's queue: signature confirmations to distinct addresses, with letters to a few missions
 * mixed in (more per mission than the hourly cap, so that the cap must hold some back).
 */
function planMail(db: Db, petitionId: number, mail: MailSpec, cap: number): PlannedMessage[] {
  const publicUrl = env().publicUrl;
  const title = petitionText(db, petitionId, "en")?.value.title ?? "";
  const titleFa = petitionText(db, petitionId, "fa")?.value.title ?? title;
  const planned: PlannedMessage[] = [];
  const lettersSent = new Map<number, number>();
  const letters = mail.missions * mail.lettersPerMission;
  const total = mail.confirmations + letters;
  let letter = 0;
  for (let i = 0; i < total; i++) {
    // Spread the letters evenly through the queue.
    const isLetter = letter < letters && Math.floor(((i + 1) * letters) / total) > letter;
    if (isLetter) {
      const mission = letter % mail.missions;
      letter += 1;
      const n = lettersSent.get(mission) ?? 0;
      lettersSent.set(mission, n + 1);
      const optOut = `${publicUrl}/recipients/opt-out/${mission + 1}.${crypto.randomBytes(24).toString("base64url")}`;
      planned.push({
        deliverable: n < cap,
        input: {
          template: "letter",
          locale: "en",
          to: `mission-${mission + 1}@missions.example.org`,
          data: {
            subject: "The 1988 massacre in Iran: an independent investigation is needed",
            body: `Excellency,\n\nI am writing to ask your government to support an independent international investigation into the mass executions of political prisoners in Iran in 1988.\n\nA newly surfaced recording adds to the evidence that the killings were planned at the top of the state.\n\nRespectfully,\nSupporter ${i}`,
            reachable: true,
            campaignTitle: "Justice for the victims of Iran’s 1988 massacre",
            siteName: "Campaigns for accountability",
            siteUrl: publicUrl,
            optOutUrl: optOut,
          },
          fromName: `Supporter ${i} (via Campaigns for accountability)`,
          replyTo: `writer-${i}@example.org`,
          recipientKey: `recipient:${mission + 1}`,
          headers: { "List-Unsubscribe": `<${optOut}>` },
        },
      });
    } else {
      const locale = i % 3 === 0 ? "fa" : "en";
      planned.push({
        deliverable: true,
        input: {
          template: "signature-confirm",
          locale,
          to: `mail-${i}@example.org`,
          data: {
            name: mailNames[i % mailNames.length]!,
            petitionTitle: locale === "fa" ? titleFa : title,
            confirmUrl: `${publicUrl}${locale === "fa" ? "/fa" : ""}/signatures/confirm/${newToken().token}`,
            withdrawUrl: `${publicUrl}${locale === "fa" ? "/fa" : ""}/signatures/withdraw/${newToken().token}`,
            validDays: 7,
            discreet: false,
          },
        },
      });
    }
  }
  return planned;
}

const mailNames = ["Maryam Karimi", "Reza Ahmadi", "Anna Schmidt", "Omid Tehrani", "Claire Martin", "لیلا رستمی", "حمید کریمی"];

function queuePlanned(db: Db, planned: PlannedMessage[]) {
  const from = env().mail.from;
  db.transaction((tx) => {
    for (const message of planned) queueEmail(tx, message.input, from);
  });
}

async function main() {
  fs.mkdirSync(spec.dir, { recursive: true });
  const file = (name: string) => path.join(spec.dir, name);
  for (const name of fs.readdirSync(spec.dir)) fs.rmSync(file(name), { force: true, recursive: true });

  // The base: migrated and seeded as a production start would leave it.
  const base = file("base.db");
  let db = open(base);
  const petitionId = await timed("base", () => {
    migrateDatabase(db);
    seed(db);
    const row = db.select({ id: schema.petitions.id }).from(schema.petitions).where(eq(schema.petitions.slug, petitionSlug)).get();
    if (!row) throw new Error(`the seed has no petition ${petitionSlug}`);
    return row.id;
  });
  close(db);

  const small = file("small.db");
  copyDatabase(base, small);
  db = open(small);
  await timed("small", async () => {
    await insertSignatures(db, petitionId, { status: "confirmed", count: 10, prefix: "small-" });
    await insertSignatures(db, petitionId, { status: "pending", count: 20, prefix: "small-pending-", tokensFile: file("small-pending.tokens") });
  });
  close(db);

  const confirm = file("confirm.db");
  copyDatabase(base, confirm);
  db = open(confirm);
  await timed("confirm", async () => {
    await insertSignatures(db, petitionId, { status: "confirmed", count: 10, prefix: "confirmed-" });
    await insertSignatures(db, petitionId, { status: "pending", count: spec.confirmTokens, prefix: "pending-", tokensFile: file("confirm.tokens") });
  });
  close(db);

  const mailDb = file("mail.db");
  copyDatabase(base, mailDb);
  db = open(mailDb);
  const cap = env().mail.lettersPerRecipientPerHour;
  const planned = await timed("mail", () => {
    const messages = planMail(db, petitionId, spec.mail, cap);
    queuePlanned(db, messages);
    return messages;
  });
  close(db);
  const messagesFile = file("mail-messages.json");
  fs.writeFileSync(messagesFile, JSON.stringify(planned));

  const large = file("large.db");
  copyDatabase(base, large);
  db = open(large);
  await timed("large", async () => {
    await insertSignatures(db, petitionId, { status: "confirmed", count: spec.largeSignatures, prefix: "signer-" });
    await insertSignatures(db, petitionId, { status: "pending", count: 20, prefix: "large-pending-", tokensFile: file("large-pending.tokens") });
  });
  const staff = await createExporter(db);
  await timed("large-checkpoint", () => close(db));
  fs.rmSync(base, { force: true });

  const manifest: SeedManifest = {
    petitionId,
    small,
    large,
    confirm,
    mail: mailDb,
    confirmTokensFile: file("confirm.tokens"),
    smallPendingTokensFile: file("small-pending.tokens"),
    largePendingTokensFile: file("large-pending.tokens"),
    staff,
    mailPlan: {
      messagesFile,
      queued: planned.length,
      deliverable: planned.filter((m) => m.deliverable).length,
      cap,
      missionAddresses: [...new Set(planned.filter((m) => m.input.template === "letter").map((m) => m.input.to))],
    },
    seconds,
  };
  process.stdout.write(JSON.stringify(manifest) + "\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
