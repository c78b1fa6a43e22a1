// The tokens of signature links: `<selector>.<secret>` (ADR 0023), and the links sent before selectors.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { seed } from "../../db/seed/index";
import { encryptField, lookupHash, newToken, tokenHash } from "~/utils/crypto.server";
import { db, migrateDatabase, openDatabase, schema } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { confirmedCount, findPetition } from "./petition.server";
import { confirmSignature, inspectWithdrawToken, issueSignatureToken, signPetition, withdrawSignature } from "./signing.server";

const slug = "1988-massacre-justice";
const sha256 = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest("base64url");

function pendingSignature(database = db()): number {
  const found = findPetition(database, slug)!;
  const email = `tokens.${crypto.randomUUID()}@example.org`;
  signPetition(database, found, { fullName: "Token Tester", email, country: "NL", comment: "", showPublicly: false, wantsUpdates: false }, { locale: "en", ipHash: null, powVerified: false });
  return database.select({ id: schema.signatures.id }).from(schema.signatures).where(eq(schema.signatures.emailHash, lookupHash("email", email))).get()!.id;
}

beforeEach(() => {
  db().delete(schema.signatures).run();
});

describe("signature link tokens", () => {
  it("are a selector and a secret: the row is found by its id, and only the secret's hash is stored", () => {
    const id = pendingSignature();
    const token = issueSignatureToken(db(), id, "confirm");
    const [selector, secret] = token.split(".") as [string, string];
    expect(token).toMatch(/^[1-9][0-9]*\.[A-Za-z0-9_-]{32}$/);
    const row = db().select().from(schema.signatureTokens).where(eq(schema.signatureTokens.id, Number(selector))).get()!;
    expect(row).toMatchObject({ signatureId: id, purpose: "confirm", legacy: false, tokenHash: sha256(secret) });
    // Nothing of the secret itself is stored.
    expect(JSON.stringify(row)).not.toContain(secret);

    // Another row's selector with this secret, this selector with another secret, and the secret alone: not valid.
    const other = issueSignatureToken(db(), id, "confirm");
    const otherSelector = other.split(".")[0]!;
    for (const forged of [`${otherSelector}.${secret}`, `${selector}.${newToken().token}`, secret, `${selector}.`, `0${selector}.${secret}`]) {
      expect(confirmSignature(db(), forged), forged).toEqual({ status: "invalid" });
    }
    // A withdrawal link does not confirm, nor a confirmation link withdraw.
    const withdraw = issueSignatureToken(db(), id, "withdraw");
    expect(confirmSignature(db(), withdraw)).toEqual({ status: "invalid" });
    expect(inspectWithdrawToken(db(), token, "en")).toBeNull();

    expect(confirmSignature(db(), token).status).toBe("confirmed");
    expect(withdrawSignature(db(), withdraw).status).toBe("withdrawn");
  });

  it("add nothing to an index of hashes: new rows are appended in id order", () => {
    const id = pendingSignature();
    const before = db().$client.prepare("SELECT count(*) FROM signature_tokens INDEXED BY signature_tokens_legacy WHERE legacy = 1").pluck().get();
    const tokens = Array.from({ length: 5 }, () => issueSignatureToken(db(), id, "withdraw"));
    const ids = tokens.map((t) => Number(t.split(".")[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(db().$client.prepare("SELECT count(*) FROM signature_tokens INDEXED BY signature_tokens_legacy WHERE legacy = 1").pluck().get()).toBe(before);
    // And a legacy look-up uses the partial index, not a scan of every token.
    const plan = db().$client.prepare("EXPLAIN QUERY PLAN SELECT signature_id FROM signature_tokens WHERE token_hash = ? AND legacy = 1").all("x") as { detail: string }[];
    expect(plan.map((p) => p.detail).join(" ")).toContain("signature_tokens_legacy");
  });

  it("links sent before selectors keep working after the migration, and are single use as before", () => {
    // A database as it was before migration 0006: the first six migrations, a signature and its two links.
    const dir = fs.mkdtempSync(path.join(process.env.DATA_DIR ?? "tmp", "legacy-tokens-"));
    const olderMigrations = path.join(dir, "migrations");
    fs.mkdirSync(path.join(olderMigrations, "meta"), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(env().migrationsDir, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag < "0006");
    fs.writeFileSync(path.join(olderMigrations, "meta", "_journal.json"), JSON.stringify(journal));
    for (const entry of journal.entries) fs.copyFileSync(path.join(env().migrationsDir, `${entry.tag}.sql`), path.join(olderMigrations, `${entry.tag}.sql`));

    const database = openDatabase(path.join(dir, "platform.db"));
    try {
      migrateDatabase(database, olderMigrations);
      seed(database);
      const petitionId = findPetition(database, slug)!.petition.id;
      const now = Date.now();
      const signatureId = Number(
        database.$client
          .prepare(
            "INSERT INTO signatures (petition_id, email_hash, email_enc, name_enc, country, status, locale, created_at, updated_at) VALUES (?, ?, ?, ?, 'NL', 'pending', 'en', ?, ?)",
          )
          .run(petitionId, lookupHash("email", "legacy@example.org"), encryptField("signatures.email", "legacy@example.org"), encryptField("signatures.name", "Legacy Signer"), now, now)
          .lastInsertRowid,
      );
      const confirm = newToken();
      const withdraw = newToken();
      const insertToken = database.$client.prepare("INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at, created_at) VALUES (?, ?, ?, ?, ?)");
      insertToken.run(confirm.hash, signatureId, "confirm", now + 86_400_000, now);
      insertToken.run(withdraw.hash, signatureId, "withdraw", null, now);

      migrateDatabase(database);
      const rows = database.select().from(schema.signatureTokens).all();
      expect(rows.map((r) => [r.legacy, r.purpose, r.tokenHash])).toEqual([
        [true, "confirm", tokenHash(confirm.token)],
        [true, "withdraw", tokenHash(withdraw.token)],
      ]);

      expect(confirmSignature(database, confirm.token).status).toBe("confirmed");
      expect(confirmSignature(database, confirm.token)).toEqual({ status: "invalid" });
      expect(confirmedCount(database, petitionId)).toBe(1);
      // The thanks email's new withdrawal link has a selector; the old one still works too.
      expect(database.select().from(schema.signatureTokens).all().filter((r) => !r.legacy)).toHaveLength(1);
      expect(withdrawSignature(database, withdraw.token).status).toBe("withdrawn");
      expect(database.select().from(schema.signatureTokens).all()).toEqual([]);
    } finally {
      database.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
