import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "~/utils/db.server";
import { seed } from "../../db/seed/index";

describe("seed", () => {
  it("holds exactly the 193 UN member states, without the Holy See", () => {
    const members = db().select().from(schema.countries).where(eq(schema.countries.unMember, true)).all();
    expect(members).toHaveLength(193);
    expect(members.find((c) => c.code === "VA")).toBeUndefined();
    const iran = members.find((c) => c.code === "IR");
    expect(iran).toMatchObject({ alpha3: "IRN", numeric: "364", nameEn: "Iran", nameFa: "ایران", unRegionalGroup: "Asia and the Pacific Group" });
    for (const member of members) {
      expect(member.nameFa, member.code).toMatch(/[\u0600-\u06FF]/);
      expect(member.unRegionalGroup, member.code).toBeTruthy();
    }
  });

  it("is idempotent and never overwrites staff edits", () => {
    const database = db();
    const count = () => database.select({ n: sql<number>`count(*)` }).from(schema.campaigns).get()!.n;
    const before = count();
    database.update(schema.campaignTranslations).set({ title: "Edited by staff" }).where(eq(schema.campaignTranslations.locale, "en")).run();
    const report = seed(database);
    expect(report.campaignsAdded).toEqual([]);
    expect(report.unMembers).toBe(193);
    expect(count()).toBe(before);
    const title = database.select().from(schema.campaignTranslations).where(eq(schema.campaignTranslations.locale, "en")).get()!.title;
    expect(title).toBe("Edited by staff");
  });
});
