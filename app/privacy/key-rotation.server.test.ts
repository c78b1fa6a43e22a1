// Key rotation, through the real command (`npm run keys -- …` runs scripts/keys.ts): a new key for new data,
// every stored value re-encrypted under it, the old key retired, and everything still readable.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { findPetition } from "~/petitions/petition.server";
import { signPetition } from "~/petitions/signing.server";
import { decryptField, keyIdOf } from "~/utils/crypto.server";
import { closeDatabase, db, schema } from "~/utils/db.server";
import { generateKeyringJson, readKeyFile, resetKeyringForTests, writeKeyFile } from "~/utils/keys.server";
import { keyUsage, withoutUnusedKeys } from "./key-rotation.server";

const run = promisify(execFile);
const keyFile = path.join(process.env.DATA_DIR!, "rotation-keys.json");

async function keysCommand(...args: string[]) {
  closeDatabase();
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/keys.ts", ...args], {
    env: { ...process.env, KEY_FILE: keyFile, LOG_LEVEL: "silent" },
  });
  resetKeyringForTests();
  return stdout;
}

beforeAll(() => {
  writeKeyFile(keyFile, generateKeyringJson());
  process.env.KEY_FILE = keyFile;
  resetKeyringForTests();
});

describe("key rotation", () => {
  it("adds a key, re-encrypts everything under it, retires the old one, and loses nothing", async () => {
    const petition = findPetition(db(), "1988-massacre-justice")!;
    for (let i = 0; i < 30; i += 1) {
      signPetition(db(), petition, { fullName: `Rotation Person ${i}`, email: `rotation-${i}@example.org`, country: "FR", comment: i % 2 ? `note ${i}` : "", showPublicly: false, wantsUpdates: false }, { locale: "en", ipHash: null, powVerified: false });
    }
    const names = () => db().select().from(schema.signatures).all().map((s) => decryptField("signatures.name", s.nameEnc)).sort();
    const before = names();
    expect(before).toHaveLength(30);
    expect([...keyUsage(db()).keys()]).toEqual([1]);

    expect(await keysCommand("add")).toContain("Key 2 added and made current.");
    expect(readKeyFile(keyFile).encryption.current).toBe(2);
    // Data written before is still readable; new data is written under key 2.
    expect(names()).toEqual(before);
    signPetition(db(), petition, { fullName: "After Rotation", email: "after@example.org", country: "FR", comment: "", showPublicly: false, wantsUpdates: false }, { locale: "en", ipHash: null, powVerified: false });
    const usage = keyUsage(db());
    expect(usage.get(2)).toBeGreaterThan(0);
    expect(usage.get(1)).toBeGreaterThan(0);

    // Retiring is refused while key 1 still protects data.
    expect(withoutUnusedKeys(readKeyFile(keyFile), usage)).toMatchObject({ retired: [], stillUsed: [1] });
    expect(await keysCommand("retire")).toContain("Still in use, kept: 1");
    expect(Object.keys(readKeyFile(keyFile).encryption.keys)).toEqual(["1", "2"]);

    const output = await keysCommand("reencrypt");
    expect(output).toMatch(/signatures\.name_enc\s+30/);
    expect([...keyUsage(db()).keys()]).toEqual([2]);
    for (const row of db().select().from(schema.signatures).all()) expect(keyIdOf(row.emailEnc)).toBe(2);

    expect(await keysCommand("retire")).toContain("Retired key(s) 1.");
    expect(Object.keys(readKeyFile(keyFile).encryption.keys)).toEqual(["2"]);
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe("600");
    expect(names()).toEqual([...before, "After Rotation"].sort());
    const outbox = db().select().from(schema.outbox).all();
    expect(outbox.length).toBeGreaterThan(0);
    for (const row of outbox) expect(decryptField("outbox.to", row.toEnc!)).toMatch(/@example\.org$/);
  });
});
