import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { decryptField } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import { confirmedCount, countsByCountry, displayedGoal, findPetition } from "./petition.server";
import { confirmSignature, inspectConfirmToken, publicNameOf, signPetition, withdrawSignature, maxEmailsPerSignature, repeatWindowMs } from "./signing.server";
import type { SignatureInput } from "./signature-schema";

const slug = "1988-massacre-justice";
// Each submission a few seconds after the previous one (closer together, a repeat is the same submission).
let clock = Date.now();
const ctx = {
  locale: "en" as const,
  ipHash: "test",
  powVerified: false,
  get now() {
    clock += repeatWindowMs + 1000;
    return new Date(clock);
  },
};

function input(overrides: Partial<SignatureInput> = {}): SignatureInput {
  return { fullName: "Maryam Karimi", email: "maryam.karimi@gmail.com", country: "IR", comment: "", showPublicly: true, wantsUpdates: false, ...overrides };
}

function petition() {
  return findPetition(db(), slug)!;
}

function outboxFor(signatureId: number) {
  return db().select().from(schema.outbox).where(eq(schema.outbox.signatureId, signatureId)).all();
}

/** The links in the queued emails of a signature (decrypted as the delivery loop would). */
function linksIn(signatureId: number, kind: "confirm" | "withdraw"): string[] {
  return outboxFor(signatureId).flatMap((row) => {
    const payload = decryptField("outbox.payload", row.payloadEnc!);
    return [...payload.matchAll(new RegExp(`/signatures/${kind}/([A-Za-z0-9_.-]+)`, "g"))].map((m) => m[1]!);
  });
}

function signatureRow(email: string) {
  return db()
    .select()
    .from(schema.signatures)
    .all()
    .find((s) => decryptField("signatures.email", s.emailEnc) === email);
}

beforeEach(() => {
  db().delete(schema.outbox).run();
  db().delete(schema.signatures).run();
  db().delete(schema.petitionCounts).run();
  db().delete(schema.petitionCountryCounts).run();
});

describe("signing", () => {
  it("records a pending signature, encrypted, with its confirmation email in the same transaction", () => {
    expect(signPetition(db(), petition(), input(), ctx)).toBe("created");
    const row = signatureRow("maryam.karimi@gmail.com")!;
    expect(row.status).toBe("pending");
    expect(row.nameEnc.toString("latin1")).not.toContain("Maryam");
    expect(row.emailEnc.toString("latin1")).not.toContain("gmail");
    const mails = outboxFor(row.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: "signature-confirm", status: "queued" });
    expect(decryptField("outbox.to", mails[0]!.toEnc!)).toBe("maryam.karimi@gmail.com");
    expect(confirmedCount(db(), petition().petition.id)).toBe(0);
  });

  it("treats every spelling of the same Gmail mailbox as one person", () => {
    expect(signPetition(db(), petition(), input(), ctx)).toBe("created");
    expect(signPetition(db(), petition(), input({ email: "MaryamKarimi+petition@googlemail.com" }), ctx)).toBe("resent");
    expect(db().select().from(schema.signatures).all()).toHaveLength(1);
  });

  it("a repeat within seconds (a double click, a burst) is the same submission: nothing more is sent", () => {
    const at = new Date("2026-04-01T10:00:00Z");
    expect(signPetition(db(), petition(), input(), { ...ctx, now: at })).toBe("created");
    expect(signPetition(db(), petition(), input(), { ...ctx, now: new Date(at.getTime() + repeatWindowMs - 1) })).toBe("repeat");
    expect(outboxFor(signatureRow("maryam.karimi@gmail.com")!.id)).toHaveLength(1);
    expect(signPetition(db(), petition(), input(), { ...ctx, now: new Date(at.getTime() + repeatWindowMs) })).toBe("resent");
    expect(outboxFor(signatureRow("maryam.karimi@gmail.com")!.id)).toHaveLength(2);
  });

  it("resends the confirmation for a pending signature, at most five emails in all", () => {
    expect(signPetition(db(), petition(), input(), ctx)).toBe("created");
    for (let i = 1; i < maxEmailsPerSignature; i++) expect(signPetition(db(), petition(), input(), ctx)).toBe("resent");
    expect(signPetition(db(), petition(), input(), ctx)).toBe("limit-reached");
    const row = signatureRow("maryam.karimi@gmail.com")!;
    expect(outboxFor(row.id)).toHaveLength(maxEmailsPerSignature);
  });

  it("produces one signature from many simultaneous submissions", async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => Promise.resolve().then(() => signPetition(db(), petition(), input(), ctx))));
    expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
    expect(db().select().from(schema.signatures).all()).toHaveLength(1);
  });

  it("confirms once, counts the signature, and tells a repeat signer they have already signed", () => {
    signPetition(db(), petition(), input(), ctx);
    const row = signatureRow("maryam.karimi@gmail.com")!;
    const [token] = linksIn(row.id, "confirm");
    expect(inspectConfirmToken(db(), token!, "en")).toMatchObject({ petitionSlug: slug });
    // Looking at the link changes nothing.
    expect(confirmedCount(db(), petition().petition.id)).toBe(0);

    expect(confirmSignature(db(), token!)).toEqual({ status: "confirmed", petitionSlug: slug });
    expect(confirmSignature(db(), token!)).toEqual({ status: "invalid" });
    expect(confirmedCount(db(), petition().petition.id)).toBe(1);
    const confirmed = signatureRow("maryam.karimi@gmail.com")!;
    expect(confirmed.publicName).toBe("Maryam K.");
    expect(outboxFor(row.id).map((m) => m.template)).toEqual(["signature-confirm", "signature-thanks"]);

    expect(signPetition(db(), petition(), input(), ctx)).toBe("already-confirmed");
    expect(outboxFor(row.id).map((m) => m.template)).toContain("signature-already");
    expect(confirmedCount(db(), petition().petition.id)).toBe(1);
  });

  it("refuses a confirmation link after seven days", () => {
    const signedAt = new Date("2026-01-01T10:00:00Z");
    signPetition(db(), petition(), input(), { ...ctx, now: signedAt });
    const [token] = linksIn(signatureRow("maryam.karimi@gmail.com")!.id, "confirm");
    expect(confirmSignature(db(), token!, new Date("2026-01-08T10:00:01Z"))).toEqual({ status: "invalid" });
    expect(confirmSignature(db(), token!, new Date("2026-01-08T09:59:59Z")).status).toBe("confirmed");
  });

  it("withdrawal deletes the person's data and takes the signature out of every count", () => {
    signPetition(db(), petition(), input(), ctx);
    const row = signatureRow("maryam.karimi@gmail.com")!;
    confirmSignature(db(), linksIn(row.id, "confirm")[0]!);
    expect(countsByCountry(db(), petition().petition.id, "en", 1)).toEqual([{ code: "IR", name: "Iran", count: 1 }]);
    const [withdrawToken] = linksIn(row.id, "withdraw");
    expect(withdrawSignature(db(), withdrawToken!)).toEqual({ status: "withdrawn", petitionSlug: slug });
    expect(db().select().from(schema.signatures).all()).toHaveLength(0);
    expect(db().select().from(schema.signatureTokens).all()).toHaveLength(0);
    expect(outboxFor(row.id)).toHaveLength(0);
    expect(confirmedCount(db(), petition().petition.id)).toBe(0);
    expect(countsByCountry(db(), petition().petition.id, "en", 1)).toEqual([]);
    expect(withdrawSignature(db(), withdrawToken!)).toEqual({ status: "invalid" });
  });

  it("never reveals a small country's exact count publicly", () => {
    signPetition(db(), petition(), input(), ctx);
    confirmSignature(db(), linksIn(signatureRow("maryam.karimi@gmail.com")!.id, "confirm")[0]!);
    expect(countsByCountry(db(), petition().petition.id, "en", 10)).toEqual([{ code: "IR", name: "Iran", count: null }]);
  });

  it("rejects malformed and forged tokens without touching the database", () => {
    for (const token of ["", "short", "x".repeat(500), "../../etc/passwd", "' OR 1=1 --", "A".repeat(32)]) {
      expect(confirmSignature(db(), token)).toEqual({ status: "invalid" });
      expect(withdrawSignature(db(), token)).toEqual({ status: "invalid" });
    }
  });
});

describe("publicNameOf", () => {
  it("keeps the first name and the initial of the last, in any script", () => {
    expect(publicNameOf("Maryam Karimi")).toBe("Maryam K.");
    expect(publicNameOf("مریم کریمی")).toBe("مریم ک.");
    expect(publicNameOf("Jean-Luc de la Fontaine")).toBe("Jean-Luc F.");
    expect(publicNameOf("Madonna")).toBe("Madonna");
    expect(publicNameOf("Ömer Çelik")).toBe("Ömer Ç.");
  });
});

describe("displayedGoal", () => {
  it("steps up to the next milestone once the goal is reached", () => {
    expect(displayedGoal(0, 10_000)).toBe(10_000);
    expect(displayedGoal(9_999, 10_000)).toBe(10_000);
    expect(displayedGoal(10_000, 10_000)).toBe(25_000);
    expect(displayedGoal(25_000, 10_000)).toBe(50_000);
    expect(displayedGoal(1_200_000, 10_000)).toBe(2_500_000);
  });
});
