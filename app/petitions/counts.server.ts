// The counter tables that public pages read (never counting rows): confirmed signatures per petition and
// per country, changed in the same transaction as every confirmation, withdrawal, invalidation or erasure.
import { sql } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { preparedFor, schema } from "../utils/db.server";

type QueryRunner = Pick<Db, "insert" | "update" | "select" | "delete">;

const statementsKey = {};

/** The two upserts, built once per connection (see preparedFor). */
function statements(db: QueryRunner) {
  return preparedFor(db, statementsKey, (d) => ({
    petition: d
      .insert(schema.petitionCounts)
      .values({ petitionId: sql.placeholder("petitionId"), confirmed: sql.placeholder("initial") })
      .onConflictDoUpdate({ target: schema.petitionCounts.petitionId, set: { confirmed: sql`max(0, ${schema.petitionCounts.confirmed} + ${sql.placeholder("delta")})` } })
      .prepare(),
    country: d
      .insert(schema.petitionCountryCounts)
      .values({ petitionId: sql.placeholder("petitionId"), country: sql.placeholder("country"), confirmed: sql.placeholder("initial") })
      .onConflictDoUpdate({
        target: [schema.petitionCountryCounts.petitionId, schema.petitionCountryCounts.country],
        set: { confirmed: sql`max(0, ${schema.petitionCountryCounts.confirmed} + ${sql.placeholder("delta")})` },
      })
      .prepare(),
  }));
}

/** Moves a confirmed signature into (1) or out of (-1) the counters, in the caller's transaction. */
export function adjustCounts(tx: QueryRunner, petitionId: number, country: string, delta: 1 | -1) {
  const initial = Math.max(delta, 0);
  statements(tx).petition.run({ petitionId, initial, delta });
  statements(tx).country.run({ petitionId, country, initial, delta });
}
