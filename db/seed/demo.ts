// Demo recipients for trying the platform on one's own machine: every member state's two missions get an
// address on example.org (a domain reserved for examples: nothing is ever delivered to a real mission), and
// are marked as demo. Only a local start seeds them; a production start blocks any that are left.
import { eq } from "drizzle-orm";
import type { Db } from "../../app/utils/db.server";
import * as schema from "../schema";

export function seedDemoRecipients(db: Db): number {
  const members = db.select().from(schema.countries).where(eq(schema.countries.unMember, true)).all();
  let added = 0;
  db.transaction((tx) => {
    for (const country of members) {
      for (const kind of ["mission_ny", "mission_geneva"] as const) {
        const city = kind === "mission_ny" ? "New York" : "Geneva";
        const result = tx
          .insert(schema.recipients)
          .values({
            kind,
            country: country.code,
            nameEn: `DEMO: Permanent Mission of ${country.nameEn} (${city})`,
            nameFa: `نمایشی: نمایندگی دائم ${country.nameFa} (${kind === "mission_ny" ? "نیویورک" : "ژنو"})`,
            email: `demo-${kind === "mission_ny" ? "ny" : "geneva"}-${country.code.toLowerCase()}@example.org`,
            status: "unverified",
            source: "demo",
            demo: true,
          })
          .onConflictDoNothing()
          .run();
        added += result.changes;
      }
    }
  });
  return added;
}

/** In production, demo addresses must never receive anything. */
export function blockDemoRecipients(db: Db): number {
  return db
    .update(schema.recipients)
    .set({ status: "blocked", statusReason: "demo address (local trial only)" })
    .where(eq(schema.recipients.demo, true))
    .run().changes;
}
