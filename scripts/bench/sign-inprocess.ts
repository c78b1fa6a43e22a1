// Signing without HTTP: the CPU time of recording a signature (recordSignature, in groups in one transaction
// each, every signature in a savepoint, as the group commit runs them) on copies of the bench's ten-signature and
// million-signature databases, in alternating blocks. For investigating what a million stored signatures cost
// a signature (docs/performance.md, "Growth"); not part of `npm run bench`.
//
// Needs the seeded databases and key file of a bench run (tmp/bench/). Run from the repository root:
//   KEY_FILE=tmp/bench/keys.json DATA_DIR=tmp/prof PUBLIC_URL=http://127.0.0.1 SMTP_URL=smtp://127.0.0.1:2526 \
//     MAIL_FROM=no-reply@example.org npx tsx scripts/bench/sign-inprocess.ts
// GROUP (25 signatures per transaction), BLOCK (2,000 signatures per block) and ROUNDS (6) change the runs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findPetition } from "~/petitions/petition.server";
import { recordSignature } from "~/petitions/signing.server";
import { lookupHash } from "~/utils/crypto.server";
import { openDatabase, type Db } from "~/utils/db.server";

const seeded = "tmp/bench/seeded";
const workDir = "tmp/prof/inprocess";
const group = Number(process.env.GROUP ?? 25);
const block = Number(process.env.BLOCK ?? 2000);
const rounds = Number(process.env.ROUNDS ?? 6);
const names = ["small", "large"] as const;
type Name = (typeof names)[number];

fs.mkdirSync(workDir, { recursive: true });
const databases = {} as Record<Name, Db>;
for (const name of names) {
  const file = path.join(workDir, `${name}.db`);
  if (!fs.existsSync(file)) fs.copyFileSync(path.join(seeded, `${name}.db`), file);
  databases[name] = openDatabase(file);
}

let serial = 0;

/** µs of CPU (user and system) per signature over one block, then the block's queued emails dropped. */
function runBlock(name: Name): { user: number; system: number } {
  const db = databases[name];
  const found = findPetition(db, "1988-massacre-justice");
  if (!found) throw new Error(`${name}: the bench's petition is missing`);
  const savepoint = db.$client.prepare("SAVEPOINT one");
  const release = db.$client.prepare("RELEASE one");
  const started = process.cpuUsage();
  for (let i = 0; i < block; i += group) {
    // As the group commit does (app/utils/group-commit.server.ts).
    db.$client.exec("PRAGMA temp_store = MEMORY");
    db.$client
      .transaction(() => {
        for (let j = 0; j < group; j++) {
          serial++;
          savepoint.run();
          recordSignature(
            db,
            found,
            { fullName: "Maryam Karimi", email: `inprocess-${process.pid}-${serial}@example.org`, country: "DE", comment: "", showPublicly: true, wantsUpdates: false },
            { locale: "en", ipHash: lookupHash("ip", `10.0.${serial % 250}.${serial % 7}`), powVerified: false },
          );
          release.run();
        }
      })
      .immediate();
    db.$client.exec("PRAGMA temp_store = DEFAULT");
  }
  const used = process.cpuUsage(started);
  db.$client.prepare("DELETE FROM outbox WHERE status = 'queued'").run();
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  // The kernel writes the block's pages now, not during the next block.
  execFileSync("sync");
  return { user: used.user / block, system: used.system / block };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
execFileSync("sync");
for (const name of names) runBlock(name); // warm-up
const results: Record<Name, { user: number; system: number }[]> = { small: [], large: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const cpu = runBlock(name);
    results[name].push(cpu);
    console.log(`round ${round + 1} ${name}: ${(cpu.user + cpu.system).toFixed(1)} µs of CPU per signature (system ${cpu.system.toFixed(1)})`);
  }
}
const total = (name: Name) => median(results[name].map((r) => r.user + r.system));
const system = (name: Name) => median(results[name].map((r) => r.system));
console.log(`median: ten stored ${total("small").toFixed(1)} µs (system ${system("small").toFixed(1)}), a million ${total("large").toFixed(1)} µs (system ${system("large").toFixed(1)}); ratio ${(total("small") / total("large")).toFixed(3)}`);
