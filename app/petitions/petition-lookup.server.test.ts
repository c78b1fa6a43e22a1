// The petition rows read on every request are remembered, and never outlive a change of content.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getPetitionForEditing, savePetitionSettings } from "~/staff/content.server";
import { db, schema } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { findPetition, petitionText } from "./petition.server";
import { submitSignature } from "./sign-action.server";

const slug = "1988-massacre-justice";
const actor = { userId: null };

describe("petition lookups", () => {
  it("are read once and shared while nothing changes", () => {
    const first = findPetition(db(), slug);
    expect(first).not.toBeNull();
    expect(findPetition(db(), slug)).toBe(first);
    expect(petitionText(db(), first!.petition.id, "fa")).toBe(petitionText(db(), first!.petition.id, "fa"));
    expect(findPetition(db(), "no-such-petition")).toBeNull();
  });

  it("see a staff edit at once: a petition closed in the editor refuses the next signature", async () => {
    const { petition, settings } = getPetitionForEditing(db(), slug, "en")!;
    expect(findPetition(db(), slug)!.petition.status).toBe("open");
    const base = { petitionId: petition.id, goal: String(settings.goal), opensAt: "", closesAt: "" };
    expect(savePetitionSettings(db(), { ...base, status: "closed", token: settings.token }, actor).ok).toBe(true);
    try {
      expect(findPetition(db(), slug)!.petition.status).toBe("closed");
      const form = { fullName: "Maryam Karimi", email: "lookup-closed@example.org", country: "DE" };
      const outcome = await submitSignature({ slug, locale: "en", form, clientIp: "192.0.2.77" });
      expect(outcome).toMatchObject({ type: "reply", status: 403 });
    } finally {
      const token = getPetitionForEditing(db(), slug, "en")!.settings.token;
      expect(savePetitionSettings(db(), { ...base, status: "open", token }, actor).ok).toBe(true);
    }
    expect(findPetition(db(), slug)!.petition.status).toBe("open");
  });

  it("see a change made by another process at once", () => {
    const before = findPetition(db(), slug)!;
    const other = new Database(env().databaseFile);
    try {
      other.prepare("UPDATE petitions SET goal = goal + 1 WHERE slug = ?").run(slug);
      expect(findPetition(db(), slug)!.petition.goal).toBe(before.petition.goal + 1);
    } finally {
      other.prepare("UPDATE petitions SET goal = goal - 1 WHERE slug = ?").run(slug);
      other.close();
    }
    expect(db().select().from(schema.petitions).where(eq(schema.petitions.slug, slug)).get()!.goal).toBe(before.petition.goal);
    expect(findPetition(db(), slug)!.petition.goal).toBe(before.petition.goal);
  });
});
