// Encryption keys (docs/operations.md, "Keys"):
//   npm run keys -- generate     print a new keyring (JSON) to store as KEY_FILE or in DATA_KEYS
//   npm run keys -- status       the keys in use and how many stored values each one protects
//   npm run keys -- add          add a new encryption key to KEY_FILE and make it the key for new data
//   npm run keys -- reencrypt    re-encrypt every stored value under the current key (safe while running)
//   npm run keys -- retire       remove from KEY_FILE the keys that no stored value uses any more
// With DATA_KEYS instead of a file, `add` and `retire` print the new keyring for you to store.
import fs from "node:fs";
import { keyUsage, reencryptAll, withoutUnusedKeys } from "../app/privacy/key-rotation.server";
import { closeDatabase, db } from "../app/utils/db.server";
import { generateKeyringJson, keyFilePath, readKeyFile, withNewEncryptionKey, writeKeyFile, type KeyringJson } from "../app/utils/keys.server";

const [command] = process.argv.slice(2);

function current(): { json: KeyringJson; file: string | null } {
  if (process.env.DATA_KEYS) return { json: JSON.parse(process.env.DATA_KEYS) as KeyringJson, file: null };
  const file = keyFilePath();
  if (!file || !fs.existsSync(file)) throw new Error("No keys: set KEY_FILE (or DATA_KEYS), or start the platform once in local mode.");
  return { json: readKeyFile(file), file };
}

function save(json: KeyringJson, file: string | null, what: string) {
  if (file) {
    writeKeyFile(file, json);
    console.log(`${what} Written to ${file}.`);
  } else {
    console.log(`${what} Store this as DATA_KEYS:`);
    console.log(JSON.stringify(json));
  }
}

function printStatus(json: KeyringJson) {
  const usage = keyUsage(db());
  console.log("key  current  stored values");
  for (const id of Object.keys(json.encryption.keys).map(Number).sort((a, b) => a - b)) {
    console.log(`${String(id).padEnd(4)} ${(id === json.encryption.current ? "yes" : "").padEnd(8)} ${usage.get(id) ?? 0}`);
  }
  const unknown = [...usage.keys()].filter((id) => !(String(id) in json.encryption.keys));
  if (unknown.length) console.log(`Values under keys missing from the keyring (cannot be read): ${unknown.join(", ")}`);
}

try {
  switch (command) {
    case "generate":
      process.stdout.write(JSON.stringify(generateKeyringJson(), null, 2) + "\n");
      break;
    case "status":
      printStatus(current().json);
      break;
    case "add": {
      const { json, file } = current();
      const next = withNewEncryptionKey(json);
      save(next, file, `Key ${next.encryption.current} added and made current.`);
      console.log("Restart the platform so that new data uses it, then run `npm run keys -- reencrypt`.");
      break;
    }
    case "reencrypt": {
      const total = reencryptAll(db(), { onProgress: (table, column, done) => console.log(`${`${table}.${column}`.padEnd(32)} ${done}`) });
      console.log(`${total} values re-encrypted under the current key.`);
      printStatus(current().json);
      break;
    }
    case "retire": {
      const { json, file } = current();
      const { json: next, retired, stillUsed } = withoutUnusedKeys(json, keyUsage(db()));
      if (stillUsed.length) console.log(`Still in use, kept: ${stillUsed.join(", ")} (run \`npm run keys -- reencrypt\` first).`);
      if (!retired.length) console.log("No key to retire.");
      else save(next, file, `Retired key(s) ${retired.join(", ")}.`);
      break;
    }
    default:
      console.error("Usage: npm run keys -- generate | status | add | reencrypt | retire");
      process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  closeDatabase();
}
