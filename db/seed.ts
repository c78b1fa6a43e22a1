// npm run db:seed — brings reference data up to date and adds missing campaigns. Safe to run repeatedly.
import { db, closeDatabase } from "../app/utils/db.server";
import { seed } from "./seed/index";

const report = seed(db());
console.log(
  `Seeded ${report.countries} countries (${report.unMembers} UN member states); ` +
    (report.campaignsAdded.length ? `added campaigns: ${report.campaignsAdded.join(", ")}` : "no new campaigns"),
);
closeDatabase();
