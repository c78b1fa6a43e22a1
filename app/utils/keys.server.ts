// The platform's secret keys, kept outside the database: in the DATA_KEYS environment variable (JSON) or in
// a key file (KEY_FILE, default $DATA_DIR/keys.json in local mode, generated on first start with mode 0600).
// A production start without keys refuses to run. Rotation: docs/operations.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "./env.server";

const base64Key = z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64");

export const keyringSchema = z.object({
  version: z.literal(1),
  /** AES-256-GCM keys by id (1–255); new data is encrypted with `current`. */
  encryption: z.object({
    current: z.number().int().min(1).max(255),
    keys: z.record(z.string().regex(/^\d{1,3}$/), base64Key),
  }),
  /** Master secret for keyed hashes (email look-ups, address hashes) and signatures (proof of work). */
  hashing: base64Key,
});

export type KeyringJson = z.infer<typeof keyringSchema>;

export interface Keyring {
  currentKeyId: number;
  encryptionKeys: Map<number, crypto.KeyObject>;
  /** A secret for one purpose, derived from the hashing master secret (HKDF-SHA256). */
  secretFor(purpose: string): Buffer;
}

export function generateKeyringJson(): KeyringJson {
  return {
    version: 1,
    encryption: { current: 1, keys: { "1": crypto.randomBytes(32).toString("base64") } },
    hashing: crypto.randomBytes(32).toString("base64"),
  };
}

export function keyringFromJson(json: KeyringJson): Keyring {
  const encryptionKeys = new Map<number, crypto.KeyObject>();
  for (const [id, key] of Object.entries(json.encryption.keys)) {
    encryptionKeys.set(Number(id), crypto.createSecretKey(Buffer.from(key, "base64")));
  }
  if (!encryptionKeys.has(json.encryption.current)) throw new Error("Keyring: the current encryption key is missing");
  const master = Buffer.from(json.hashing, "base64");
  const derived = new Map<string, Buffer>();
  return {
    currentKeyId: json.encryption.current,
    encryptionKeys,
    secretFor(purpose) {
      let secret = derived.get(purpose);
      if (!secret) {
        secret = Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), `justice-platform:${purpose}`, 32));
        derived.set(purpose, secret);
      }
      return secret;
    },
  };
}

function parseKeyring(text: string, source: string): KeyringJson {
  const parsed = keyringSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Invalid keyring in ${source}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** Where the key file is (KEY_FILE, or $DATA_DIR/keys.json in local mode); null when none is configured. */
export function keyFilePath(): string | null {
  const config = env();
  return process.env.KEY_FILE ? path.resolve(process.env.KEY_FILE) : config.isLocal ? path.join(config.dataDir, "keys.json") : null;
}

export function readKeyFile(file: string): KeyringJson {
  return parseKeyring(fs.readFileSync(file, "utf8"), file);
}

/** Replaces the key file atomically (write, then rename), readable by its owner only. */
export function writeKeyFile(file: string, json: KeyringJson) {
  parseKeyring(JSON.stringify(json), "the new keyring");
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(json, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** A keyring with one more encryption key, which becomes the key for new data (old keys still decrypt). */
export function withNewEncryptionKey(json: KeyringJson): KeyringJson {
  const ids = Object.keys(json.encryption.keys).map(Number);
  const next = Math.max(...ids) + 1;
  if (next > 255) throw new Error("Keyring: no key ids left (retire old keys first)");
  return {
    ...json,
    encryption: { current: next, keys: { ...json.encryption.keys, [String(next)]: crypto.randomBytes(32).toString("base64") } },
  };
}

export function loadKeyring(): Keyring {
  const config = env();
  if (process.env.DATA_KEYS) return keyringFromJson(parseKeyring(process.env.DATA_KEYS, "DATA_KEYS"));
  const file = keyFilePath();
  if (!file) {
    throw new Error(
      "No encryption keys: set KEY_FILE (a file made with `npm run keys -- generate`) or DATA_KEYS. Keys are never generated in production.",
    );
  }
  if (!fs.existsSync(file)) {
    if (!config.isLocal) throw new Error(`KEY_FILE ${file} does not exist (create it with \`npm run keys -- generate\`).`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(generateKeyringJson(), null, 2) + "\n", { mode: 0o600, flag: "wx" });
  }
  return keyringFromJson(readKeyFile(file));
}

let instance: Keyring | undefined;

export function keyring(): Keyring {
  instance ??= loadKeyring();
  return instance;
}

export function resetKeyringForTests() {
  instance = undefined;
}
