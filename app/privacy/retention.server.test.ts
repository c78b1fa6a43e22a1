// Retention with a controlled clock: what is deleted or anonymised, when, and that counts never change.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoRecipients } from "../../db/seed/demo";
import { findCampaign } from "~/campaigns/campaign.server";
import { confirmLetters, letterSettings, letterTemplate, recipientsFor, submitLetters } from "~/letters/letters.server";
import { confirmedCount, countsByCountry, findPetition } from "~/petitions/petition.server";
import { confirmSignature, signPetition } from "~/petitions/signing.server";
import { decryptField } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import { applyRetention } from "./retention.server";

const settings = { signaturesAfterCloseDays: 183, letterBodyDays: 30, ipHashDays: 30 };
const day = 86_400_000;
const start = new Date("2026-01-01T00:00:00Z");
const at = (days: number) => new Date(start.getTime() + days * day);

function sign(email: string, when: Date, confirm: boolean) {
  const petition = findPetition(db(), "1988-massacre-justice")!;
  signPetition(db(), petition, { fullName: "Retention Test", email, country: "NL", comment: "a comment", showPublicly: true, wantsUpdates: false }, { locale: "en", ipHash: "ip-hash", powVerified: false, now: when });
  if (!confirm) return;
  const row = db().select().from(schema.outbox).all().reverse().find((r) => r.toEnc && decryptField("outbox.to", r.toEnc) === email)!;
  const token = decryptField("outbox.payload", row.payloadEnc!).match(/confirm\/([A-Za-z0-9_.-]+)/)![1]!;
  expect(confirmSignature(db(), token, when).status).toBe("confirmed");
}

beforeEach(() => {
  for (const table of [schema.outbox, schema.signatures, schema.petitionCounts, schema.petitionCountryCounts, schema.letterBatches, schema.letterCounts]) db().delete(table).run();
  db().update(schema.petitions).set({ closesAt: null, status: "open" }).run();
});

describe("retention", () => {
  it("deletes unconfirmed signatures once their link has expired, and keeps confirmed ones", () => {
    sign("pending@example.org", at(0), false);
    sign("confirmed@example.org", at(0), true);
    expect(applyRetention(db(), settings, at(6)).unconfirmedSignaturesDeleted).toBe(0);
    const report = applyRetention(db(), settings, at(8));
    expect(report.unconfirmedSignaturesDeleted).toBe(1);
    expect(db().select().from(schema.signatures).all().map((s) => s.status)).toEqual(["confirmed"]);
    expect(db().select().from(schema.outbox).where(eq(schema.outbox.template, "signature-confirm")).all()).toHaveLength(1);
  });

  it("drops client-address hashes after 30 days", () => {
    sign("ip@example.org", at(0), true);
    applyRetention(db(), settings, at(29));
    expect(db().select().from(schema.signatures).get()!.ipHash).toBe("ip-hash");
    expect(applyRetention(db(), settings, at(31)).ipHashesDropped).toBeGreaterThan(0);
    expect(db().select().from(schema.signatures).get()!.ipHash).toBeNull();
  });

  it("anonymises signers six months after the petition closes, without changing any count", () => {
    sign("a@example.org", at(0), true);
    sign("b@example.org", at(1), true);
    const petition = findPetition(db(), "1988-massacre-justice")!;
    db().update(schema.petitions).set({ status: "closed", closesAt: at(10) }).where(eq(schema.petitions.id, petition.petition.id)).run();
    const before = { total: confirmedCount(db(), petition.petition.id), byCountry: countsByCountry(db(), petition.petition.id, "en", 1) };
    expect(applyRetention(db(), settings, at(10 + 182)).signaturesAnonymised).toBe(0);
    expect(applyRetention(db(), settings, at(10 + 184)).signaturesAnonymised).toBe(2);
    for (const s of db().select().from(schema.signatures).all()) {
      expect(s.nameEnc.length).toBe(0);
      expect(s.emailEnc.length).toBe(0);
      expect(s.commentEnc).toBeNull();
      expect(s.publicName).toBeNull();
      expect(s.emailHash).toMatch(/^anonymised:\d+$/);
      expect(s.status).toBe("confirmed");
    }
    expect(confirmedCount(db(), petition.petition.id)).toBe(before.total);
    expect(countsByCountry(db(), petition.petition.id, "en", 1)).toEqual(before.byCountry);
    // Idempotent.
    expect(applyRetention(db(), settings, at(400)).signaturesAnonymised).toBe(0);
  });

  it("scrubs letter texts and their writers 30 days after delivery; unconfirmed letters go after a week", () => {
    seedDemoRecipients(db());
    const campaign = findCampaign(db(), { slug: "1988-massacre" })!;
    const base = {
      campaignId: campaign.id,
      campaignSlug: campaign.slug,
      letterLocale: "en" as const,
      template: letterTemplate(db(), campaign.id, "en")!.value,
      interfaceLocale: "en" as const,
      ipHash: "ip",
      verifiedEmailHash: null,
      settings: letterSettings(db(), campaign.id),
    };
    submitLetters(db(), { ...base, recipients: recipientsFor(db(), ["BE"], [], "en"), writer: { name: "Writer", email: "w@example.org", city: "Ghent", country: "BE", reachable: true }, now: at(0) });
    submitLetters(db(), { ...base, recipients: recipientsFor(db(), ["NL"], [], "en"), writer: { name: "Never", email: "n@example.org", city: "", country: "NL", reachable: true }, now: at(0) });
    const confirmMail = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter-confirm")).all().find((r) => decryptField("outbox.to", r.toEnc!) === "w@example.org")!;
    const token = decryptField("outbox.payload", confirmMail.payloadEnc!).match(/letters\/confirm\/([A-Za-z0-9_-]+)/)![1]!;
    expect(confirmLetters(db(), token, at(0)).status).toBe("confirmed");
    db().update(schema.letters).set({ status: "sent", sentAt: at(1) }).where(eq(schema.letters.status, "queued")).run();

    expect(applyRetention(db(), settings, at(8)).unconfirmedLetterBatchesDeleted).toBe(1);
    expect(applyRetention(db(), settings, at(30)).lettersScrubbed).toBe(0);
    const report = applyRetention(db(), settings, at(32));
    expect(report.lettersScrubbed).toBe(2);
    expect(report.writersScrubbed).toBe(1);
    const letters = db().select().from(schema.letters).all();
    expect(letters.every((l) => l.bodyEnc === null && l.subjectEnc === null && l.status === "sent")).toBe(true);
    const batch = db().select().from(schema.letterBatches).get()!;
    expect([batch.nameEnc, batch.emailEnc, batch.cityEnc]).toEqual([null, null, null]);
  });
});

describe("retention's queries", () => {
  it("read no large table in full: each finds its rows through an index, as the hourly job must with a million signatures", () => {
    const client = db().$client;
    const statements: string[] = [];
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof client.prepare;
    try {
      applyRetention(db(), settings, at(400));
    } finally {
      client.prepare = prepare as typeof client.prepare;
    }
    // Tables that grow with supporters (one or more rows each); the others stay small (staff, settings, texts).
    const large = ["signatures", "signature_tokens", "outbox", "letters", "letter_batches", "letter_tokens"];
    const scans = statements.flatMap((source) =>
      (client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...Array.from({ length: (source.match(/\?/g) ?? []).length }, () => 0)) as { detail: string }[])
        .map((row) => row.detail)
        .filter((detail) => large.some((table) => new RegExp(`^SCAN ${table}\\b(?! USING)`).test(detail)))
        .map((detail) => `${detail} in: ${source}`),
    );
    expect(statements.length).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  });
});
