// npm run retention — applies the retention rules now (the server also does it every hour) and prints what
// was deleted or anonymised. Settings: RETENTION_SIGNATURES_DAYS, RETENTION_LETTERS_DAYS, RETENTION_IP_DAYS.
import { applyRetention } from "../app/privacy/retention.server";
import { closeDatabase, db } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

const report = applyRetention(db(), env().retention);
for (const [what, count] of Object.entries(report)) console.log(`${what.padEnd(32)} ${count}`);
closeDatabase();
