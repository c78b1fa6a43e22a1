// Field-level encryption of supporters' personal data, keyed hashes for look-ups, and secret tokens.
//
// Encrypted fields are AES-256-GCM blobs: [version 0x01][key id][12-byte IV][16-byte tag][ciphertext]. The
// associated data names the field ("signatures.email"), so a ciphertext cannot be moved to another column.
// A copy of the database alone reveals no name or address; the keys live outside it (keys.server.ts).
import crypto from "node:crypto";
import { decryptBatch, decryptPackedBytes, type Plaintexts } from "./gcm-batch.server";
import { keyring } from "./keys.server";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 2 + IV_BYTES + TAG_BYTES;

// crypto.randomBytes() costs microseconds per call; IVs are sliced from a pooled random buffer instead.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomIv(): Buffer {
  if (poolOffset + IV_BYTES > pool.length) {
    pool = crypto.randomBytes(IV_BYTES * 4096);
    poolOffset = 0;
  }
  const iv = pool.subarray(poolOffset, poolOffset + IV_BYTES);
  poolOffset += IV_BYTES;
  return iv;
}

export type Field =
  | "signatures.name"
  | "signatures.email"
  | "signatures.comment"
  | "outbox.to"
  | "outbox.payload"
  | "mailbox.message"
  | "letters.name"
  | "letters.email"
  | "letters.city"
  | "letters.body"
  | "letters.subject"
  | "staff.email"
  | "staff.totp";

export function encryptField(field: Field, plaintext: string): Buffer {
  const keys = keyring();
  const keyId = keys.currentKeyId;
  const iv = randomIv();
  const cipher = crypto.createCipheriv("aes-256-gcm", keys.encryptionKeys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(field, "ascii"));
  const body = cipher.update(plaintext, "utf8");
  const final = cipher.final();
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length + final.length);
  out[0] = VERSION;
  out[1] = keyId;
  iv.copy(out, 2);
  cipher.getAuthTag().copy(out, 2 + IV_BYTES);
  body.copy(out, HEADER_BYTES);
  final.copy(out, HEADER_BYTES + body.length);
  return out;
}

export function decryptField(field: Field, blob: Uint8Array): string {
  const data = Buffer.isBuffer(blob) ? blob : Buffer.from(blob);
  if (data.length < HEADER_BYTES || data[0] !== VERSION) throw new Error("Unknown ciphertext format");
  const key = keyring().encryptionKeys.get(data[1]!);
  if (!key) throw new Error(`Unknown encryption key ${data[1]}`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, data.subarray(2, 2 + IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(field, "ascii"));
  decipher.setAuthTag(data.subarray(2 + IV_BYTES, HEADER_BYTES));
  return decipher.update(data.subarray(HEADER_BYTES), undefined, "utf8") + decipher.final("utf8");
}

export function encryptOptional(field: Field, plaintext: string | null | undefined): Buffer | null {
  return plaintext ? encryptField(field, plaintext) : null;
}

export function decryptOptional(field: Field, blob: Uint8Array | null | undefined): string | null {
  return blob ? decryptField(field, blob) : null;
}

/**
 * Decrypts many values of one field at once (exports): the same result as decryptField on each, at a
 * fraction of the cost (gcm-batch.server.ts). Null or empty blobs give null; a blob that cannot be
 * decrypted throws a DecryptionError with its index.
 */
export function decryptFields(field: Field, blobs: readonly (Uint8Array | null | undefined)[]): (string | null)[] {
  return decryptBatch(field, blobs, keyring().encryptionKeys);
}

/**
 * Like decryptFields, for values stored one after the other in one buffer (as SQLite's group_concat gives
 * them), giving the plaintexts as UTF-8 bytes in one buffer (see gcm-batch.server.ts).
 */
export function decryptPackedFieldBytes(field: Field, packed: Uint8Array, lengths: readonly number[]): Plaintexts {
  return decryptPackedBytes(field, packed, lengths, keyring().encryptionKeys);
}

/** The key id a blob was encrypted with (for re-encryption after a key rotation). */
export function keyIdOf(blob: Uint8Array): number {
  return blob[1]!;
}

/** A keyed hash for look-ups and de-duplication (for example of a canonical email address). */
export function lookupHash(purpose: "email" | "ip" | "recipient", value: string): string {
  return crypto.createHmac("sha256", keyring().secretFor(`lookup:${purpose}`)).update(value, "utf8").digest("base64url");
}

/** A random token for a link (128 bits or more), and the hash under which it is stored. */
export function newToken(bytes = 24): { token: string; hash: string } {
  const token = crypto.randomBytes(bytes).toString("base64url");
  return { token, hash: tokenHash(token) };
}

/** Tokens carry enough entropy that a plain SHA-256 is a safe way to store them. */
export function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("base64url");
}

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
