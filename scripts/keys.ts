// npm run keys -- generate        print a new keyring (JSON) to store as KEY_FILE or in DATA_KEYS
import { generateKeyringJson } from "../app/utils/keys.server";

const [command] = process.argv.slice(2);

switch (command) {
  case "generate":
    process.stdout.write(JSON.stringify(generateKeyringJson(), null, 2) + "\n");
    break;
  default:
    console.error("Usage: npm run keys -- generate");
    process.exit(2);
}
