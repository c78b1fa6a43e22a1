import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoRecipients } from "../../db/seed/demo";
import { findCampaign } from "~/campaigns/campaign.server";
import { db, schema } from "~/utils/db.server";
import { confirmLetters, letterDeliveryHooks, letterSettings, letterTemplate, recipientsFor, submitLetters } from "./letters.server";
import { decryptField } from "~/utils/crypto.server";

function campaign() {
  return findCampaign(db(), { slug: "1988-massacre" })!;
}

function submit(email: string, states: string[], overrides: Partial<Parameters<typeof submitLetters>[1]> = {}) {
  const c = campaign();
  const template = letterTemplate(db(), c.id, "en")!.value;
  return submitLetters(db(), {
    campaignId: c.id,
    campaignSlug: c.slug,
    recipients: recipientsFor(db(), states, [], "en"),
    letterLocale: "en",
    template,
    writer: { name: "Test Writer", email, city: "Oslo", country: "NO", reachable: true },
    interfaceLocale: "en",
    ipHash: null,
    verifiedEmailHash: null,
    settings: letterSettings(db(), c.id),
    ...overrides,
  });
}

function confirmToken(email: string) {
  const rows = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter-confirm")).all();
  for (const row of rows.reverse()) {
    if (decryptField("outbox.to", row.toEnc!) !== email) continue;
    const match = decryptField("outbox.payload", row.payloadEnc!).match(/\/letters\/confirm\/([A-Za-z0-9_-]+)/);
    if (match) return match[1]!;
  }
  throw new Error("no confirmation");
}

beforeEach(() => {
  seedDemoRecipients(db());
  db().delete(schema.outbox).run();
  db().delete(schema.letterBatches).run();
});

describe("letters", () => {
  it("holds letters until the writer confirms, then queues one email per mission", () => {
    expect(submit("a@example.org", ["NO"]).outcome).toBe("confirmation-sent");
    expect(db().select().from(schema.letters).all().map((l) => l.status)).toEqual(["awaiting_confirmation", "awaiting_confirmation"]);
    expect(db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter")).all()).toHaveLength(0);

    const result = confirmLetters(db(), confirmToken("a@example.org"));
    expect(result.status).toBe("confirmed");
    const letters = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter")).all();
    expect(letters).toHaveLength(2);
    expect(letters.every((l) => l.recipientKey.startsWith("recipient:"))).toBe(true);
    expect(db().select().from(schema.letters).all().map((l) => l.status)).toEqual(["queued", "queued"]);
    // The letter text is stored encrypted.
    expect(db().select().from(schema.letters).all()[0]!.bodyEnc!.toString("latin1")).not.toContain("Test Writer");
  });

  it("sends one letter per writer per recipient, and respects the per-writer limit", () => {
    submit("b@example.org", ["NO"]);
    confirmLetters(db(), confirmToken("b@example.org"));
    expect(submit("B@Example.org", ["NO"]).outcome).toBe("nothing-new");
    const settings = { ...letterSettings(db(), campaign().id), maxLettersPerSupporter: 3 };
    submit("b@example.org", ["SE", "DK"], { settings });
    const waiting = db().select().from(schema.letters).where(eq(schema.letters.status, "awaiting_confirmation")).all();
    expect(waiting).toHaveLength(1);
  });

  it("skips confirmation for a browser that confirmed the same address within the hour", () => {
    submit("c@example.org", ["FI"]);
    const confirmed = confirmLetters(db(), confirmToken("c@example.org"));
    if (confirmed.status !== "confirmed") throw new Error("not confirmed");
    const again = submit("c@example.org", ["EE"], { verifiedEmailHash: confirmed.emailHash });
    expect(again.outcome).toBe("queued");
    const other = submit("someone-else@example.org", ["EE"], { verifiedEmailHash: confirmed.emailHash });
    expect(other.outcome).toBe("confirmation-sent");
  });

  it("a permanent failure marks the address bouncing and fails the letters still waiting for it", () => {
    submit("d@example.org", ["LV"]);
    submit("e@example.org", ["LV"]);
    confirmLetters(db(), confirmToken("d@example.org"));
    confirmLetters(db(), confirmToken("e@example.org"));
    const [first] = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter")).all();
    db().transaction((tx) => letterDeliveryHooks.onPermanentFailure!(tx, first!, "SMTP 550 after RCPT"));
    const recipientId = db().select().from(schema.letters).where(eq(schema.letters.id, first!.letterId!)).get()!.recipientId;
    const recipient = db().select().from(schema.recipients).where(eq(schema.recipients.id, recipientId)).get()!;
    expect(recipient).toMatchObject({ status: "bouncing", statusReason: "SMTP 550 after RCPT" });
    const toThatRecipient = db().select().from(schema.letters).where(eq(schema.letters.recipientId, recipientId)).all();
    expect(toThatRecipient.map((l) => l.status)).toEqual(["failed", "failed"]);
    const cancelled = db().select().from(schema.outbox).where(eq(schema.outbox.status, "cancelled")).all();
    expect(cancelled).toHaveLength(1);
  });
});
