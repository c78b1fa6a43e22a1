// Opens the SQLite file of a running test server from the test process (WAL lets both work at once), to
// arrange data a test needs or to check what the server stored.
import path from "node:path";
import { openDatabase, type Db } from "../../app/utils/db.server";
import type { AppServer } from "./app-server";

export function openServerDatabase(server: AppServer): Db {
  return openDatabase(path.join(server.dataDir, "platform.db"));
}
