// Key rotation for field encryption: every encrypted column, how many values each key protects, and
// re-encryption of everything under the current key so that old keys can be retired. The steps an operator
// follows are in docs/operations.md ("Keys").
import type { Field } from "../utils/crypto.server";
import { decryptField, encryptField, keyIdOf } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { keyring, type KeyringJson } from "../utils/keys.server";

/** Every encrypted column in the database, with the field name its ciphertexts are bound to. */
export const encryptedColumns: readonly { table: string; column: string; field: Field }[] = [
  { table: "signatures", column: "email_enc", field: "signatures.email" },
  { table: "signatures", column: "name_enc", field: "signatures.name" },
  { table: "signatures", column: "comment_enc", field: "signatures.comment" },
  { table: "letter_batches", column: "email_enc", field: "letters.email" },
  { table: "letter_batches", column: "name_enc", field: "letters.name" },
  { table: "letter_batches", column: "city_enc", field: "letters.city" },
  { table: "letters", column: "subject_enc", field: "letters.subject" },
  { table: "letters", column: "body_enc", field: "letters.body" },
  { table: "outbox", column: "to_enc", field: "outbox.to" },
  { table: "outbox", column: "payload_enc", field: "outbox.payload" },
  { table: "mailbox_messages", column: "message_enc", field: "mailbox.message" },
  { table: "staff_users", column: "email_enc", field: "staff.email" },
  { table: "staff_users", column: "totp_secret_enc", field: "staff.totp" },
];

/** How many stored values each key id protects (empty values, such as anonymised names, are not counted). */
export function keyUsage(db: Db): Map<number, number> {
  const usage = new Map<number, number>();
  for (const { table, column } of encryptedColumns) {
    const rows = db.$client
      .prepare(`SELECT hex(substr(${column}, 2, 1)) AS keyId, count(*) AS n FROM ${table} WHERE length(${column}) > 1 GROUP BY 1`)
      .all() as { keyId: string; n: number }[];
    // The second byte of every ciphertext is the id of its key (substr() counts bytes on a blob).
    for (const { keyId, n } of rows) usage.set(parseInt(keyId, 16), (usage.get(parseInt(keyId, 16)) ?? 0) + n);
  }
  return usage;
}

/**
 * Re-encrypts every value that is not under the current key, in small transactions (the platform can keep
 * running: each batch holds the write lock for a moment only). Returns how many values were rewritten.
 */
export function reencryptAll(db: Db, { batchSize = 500, onProgress }: { batchSize?: number; onProgress?: (table: string, column: string, done: number) => void } = {}): number {
  const current = keyring().currentKeyId;
  let total = 0;
  for (const { table, column, field } of encryptedColumns) {
    const select = db.$client.prepare(`SELECT rowid AS id, ${column} AS value FROM ${table} WHERE rowid > ? AND length(${column}) > 1 ORDER BY rowid LIMIT ?`);
    // The update only applies if the value is still the one read (the server may have changed it meanwhile).
    const update = db.$client.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ? AND ${column} = ?`);
    let after = 0;
    let done = 0;
    for (;;) {
      const rows = select.all(after, batchSize) as { id: number; value: Buffer }[];
      if (!rows.length) break;
      done += db.$client.transaction(() => {
        let changed = 0;
        for (const { id, value } of rows) {
          if (keyIdOf(value) === current) continue;
          changed += update.run(encryptField(field, decryptField(field, value)), id, value).changes;
        }
        return changed;
      })();
      after = rows[rows.length - 1]!.id;
    }
    total += done;
    onProgress?.(table, column, done);
  }
  return total;
}

/**
 * The keyring without the keys no stored value uses any more (the current key always stays). Run after
 * `reencrypt`, and only once every server runs with the current key (a server started before `add` would
 * still write under the old one).
 */
export function withoutUnusedKeys(json: KeyringJson, usage: Map<number, number>): { json: KeyringJson; retired: number[]; stillUsed: number[] } {
  const ids = Object.keys(json.encryption.keys).map(Number);
  const keep = ids.filter((id) => id === json.encryption.current || (usage.get(id) ?? 0) > 0);
  return {
    json: { ...json, encryption: { current: json.encryption.current, keys: Object.fromEntries(keep.map((id) => [String(id), json.encryption.keys[String(id)]!])) } },
    retired: ids.filter((id) => !keep.includes(id)),
    stillUsed: keep.filter((id) => id !== json.encryption.current),
  };
}
