// The counter tables that public pages read (never counting rows): confirmed signatures per petition and
// per country, changed in the same transaction as every confirmation, withdrawal, invalidation or erasure.
import { sql } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";

/** Moves a confirmed signature into (1) or out of (-1) the counters, in the caller's transaction. */
export function adjustCounts(tx: Pick<Db, "insert">, petitionId: number, country: string, delta: 1 | -1) {
  tx.insert(schema.petitionCounts)
    .values({ petitionId, confirmed: Math.max(delta, 0) })
    .onConflictDoUpdate({ target: schema.petitionCounts.petitionId, set: { confirmed: sql`max(0, ${schema.petitionCounts.confirmed} + ${delta})` } })
    .run();
  tx.insert(schema.petitionCountryCounts)
    .values({ petitionId, country, confirmed: Math.max(delta, 0) })
    .onConflictDoUpdate({
      target: [schema.petitionCountryCounts.petitionId, schema.petitionCountryCounts.country],
      set: { confirmed: sql`max(0, ${schema.petitionCountryCounts.confirmed} + ${delta})` },
    })
    .run();
}
