import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { getCampaignPage } from "./campaign.server";

describe("getCampaignPage", () => {
  it("reads the featured campaign in Persian without fallbacks", () => {
    const page = getCampaignPage(db(), { featured: true }, "fa")!;
    expect(page.slug).toBe("1988-massacre");
    expect(page.fallback).toBe(false);
    expect(page.sections.map((s) => s.key)).toEqual([
      "background",
      "recording",
      "revelations",
      "remarks",
      "implications",
      "timeline",
      "action",
      "sources",
    ]);
    expect(page.sections.every((s) => !s.fallback)).toBe(true);
    expect(page.quotations).toHaveLength(7);
    expect(page.quotations.every((q) => q.isTranslation && q.locale === "fa")).toBe(true);
    expect(page.petitions[0]).toMatchObject({ slug: "1988-massacre-justice", status: "open" });
  });

  it("returns null for an unknown campaign", () => {
    expect(getCampaignPage(db(), { slug: "nope" }, "en")).toBeNull();
  });
});
