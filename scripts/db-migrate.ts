// npm run db:migrate — applies committed migrations to the configured database (the server also does this
// when it starts).
import { db, closeDatabase } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

db();
console.log(`Database migrated: ${env().databaseFile}`);
closeDatabase();
