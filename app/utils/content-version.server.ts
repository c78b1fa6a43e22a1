// A signal that public content (campaigns, petitions, their texts and settings) has changed in this process,
// for the caches of rows read on every request (app/petitions/petition.server.ts). Every write of such content
// calls contentChanged() after it commits: the staff editors (app/staff/content.server.ts) and the seed.
// Changes made by another process (a command, a restore) are seen through SQLite's data_version instead.
import type Database from "better-sqlite3";

let generation = 0;

export function contentChanged() {
  generation += 1;
}

const dataVersions = new WeakMap<Database.Database, Database.Statement>();

/**
 * A stamp that changes whenever content may have changed: after contentChanged() in this process, or after
 * any commit by another connection to the same database file.
 */
export function contentStamp(client: Database.Database): string {
  let statement = dataVersions.get(client);
  if (!statement) dataVersions.set(client, (statement = client.prepare("PRAGMA data_version").pluck()));
  return `${generation}:${statement.get() as number}`;
}
