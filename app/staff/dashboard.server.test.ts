import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { encryptField } from "~/utils/crypto.server";
import { db, migrateDatabase, openDatabase, schema } from "~/utils/db.server";
import { confirmationRate, lettersByRecipient, lettersByState, outboxHealth, signaturesByCountry, signaturesOverTime } from "./dashboard.server";

const now = new Date("2026-03-10T15:30:00Z");
let sequence = 0;

function petitionId() {
  return db().select().from(schema.petitions).where(eq(schema.petitions.slug, "1988-massacre-justice")).get()!.id;
}

function campaignId() {
  return db().select().from(schema.campaigns).where(eq(schema.campaigns.slug, "1988-massacre")).get()!.id;
}

function sign(options: { createdAt: string; status?: "pending" | "confirmed" | "invalidated"; confirmedAt?: string; country?: string; petition?: number }) {
  sequence += 1;
  db()
    .insert(schema.signatures)
    .values({
      petitionId: options.petition ?? petitionId(),
      emailHash: `dashboard-test-${sequence}`,
      emailEnc: encryptField("signatures.email", `s${sequence}@example.org`),
      nameEnc: encryptField("signatures.name", `Signer ${sequence}`),
      country: options.country ?? "NO",
      status: options.status ?? "pending",
      locale: "en",
      createdAt: new Date(options.createdAt),
      confirmedAt: options.confirmedAt ? new Date(options.confirmedAt) : null,
    })
    .run();
}

beforeEach(() => {
  db().delete(schema.signatures).run();
  db().delete(schema.petitionCountryCounts).run();
  db().delete(schema.outbox).run();
  db().delete(schema.letterBatches).run();
  db().delete(schema.letterCounts).run();
});

describe("signaturesOverTime", () => {
  it("returns one entry per UTC day, zeros filled, oldest first, ending today", () => {
    const series = signaturesOverTime(db(), petitionId(), { now });
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: "2026-02-09", submitted: 0, confirmed: 0 });
    expect(series[29]).toEqual({ day: "2026-03-10", submitted: 0, confirmed: 0 });
    expect(signaturesOverTime(db(), petitionId(), { now, days: 7 }).map((d) => d.day)).toEqual([
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
    ]);
  });

  it("counts submissions on their creation day and confirmations on their confirmation day (UTC)", () => {
    // Just before and just after midnight UTC (in Tehran, UTC+3:30, both are on 9 March).
    sign({ createdAt: "2026-03-08T23:59:59.999Z", status: "confirmed", confirmedAt: "2026-03-10T08:00:00Z" });
    sign({ createdAt: "2026-03-09T00:00:00.000Z", status: "confirmed", confirmedAt: "2026-03-09T00:10:00Z" });
    sign({ createdAt: "2026-03-09T12:00:00Z" });
    // Invalidated after confirmation: submitted, but not counted as confirmed.
    sign({ createdAt: "2026-03-10T01:00:00Z", status: "invalidated", confirmedAt: "2026-03-10T02:00:00Z" });
    // Outside the window, later than now, and on another petition.
    sign({ createdAt: "2026-03-03T23:59:59Z", status: "confirmed", confirmedAt: "2026-03-04T00:00:01Z" });
    sign({ createdAt: "2026-03-11T00:00:00Z" });
    const other = db()
      .insert(schema.petitions)
      .values({ campaignId: campaignId(), slug: "dashboard-other", goal: 10 })
      .returning({ id: schema.petitions.id })
      .get().id;
    sign({ createdAt: "2026-03-09T10:00:00Z", status: "confirmed", confirmedAt: "2026-03-09T11:00:00Z", petition: other });

    const series = signaturesOverTime(db(), petitionId(), { now, days: 7 });
    expect(series).toEqual([
      { day: "2026-03-04", submitted: 0, confirmed: 1 },
      { day: "2026-03-05", submitted: 0, confirmed: 0 },
      { day: "2026-03-06", submitted: 0, confirmed: 0 },
      { day: "2026-03-07", submitted: 0, confirmed: 0 },
      { day: "2026-03-08", submitted: 1, confirmed: 0 },
      { day: "2026-03-09", submitted: 2, confirmed: 1 },
      { day: "2026-03-10", submitted: 1, confirmed: 1 },
    ]);
    expect(signaturesOverTime(db(), other, { now, days: 2 })).toEqual([
      { day: "2026-03-09", submitted: 1, confirmed: 1 },
      { day: "2026-03-10", submitted: 0, confirmed: 0 },
    ]);
  });

  it("reads one row a day from the day counters, however many signatures there are", () => {
    const plans: string[] = [];
    const client = db().$client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => {
      if (source.includes("petition_day_counts")) {
        const params = new Array((source.match(/\?/g) ?? []).length).fill(1);
        plans.push(...(prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[]).map((r) => r.detail));
      }
      return prepare(source);
    }) as typeof client.prepare;
    try {
      signaturesOverTime(db(), petitionId(), { now });
      confirmationRate(db(), petitionId());
    } finally {
      client.prepare = prepare as typeof client.prepare;
    }
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.join("\n")).not.toMatch(/\bsignatures\b(?!_)/);
    expect(plans.some((p) => /petition_day_counts USING (PRIMARY KEY|INDEX sqlite_autoindex)/.test(p))).toBe(true);
  });
});

describe("the day counters", () => {
  // What the dashboard showed before the counters: its figures computed from the signatures themselves.
  function fromSignatures(petition: number) {
    const rows = db()
      .$client.prepare(
        `SELECT created_at / 86400000 AS day, count(*) AS submitted, sum(status = 'pending') AS pending, sum(status = 'invalidated') AS invalidated
         FROM signatures WHERE petition_id = ? GROUP BY 1`,
      )
      .all(petition) as { day: number; submitted: number; pending: number; invalidated: number }[];
    const confirmed = db()
      .$client.prepare(`SELECT confirmed_at / 86400000 AS day, count(*) AS n FROM signatures WHERE petition_id = ? AND status = 'confirmed' AND confirmed_at IS NOT NULL GROUP BY 1`)
      .all(petition) as { day: number; n: number }[];
    const days = new Map<number, { submitted: number; pending: number; invalidated: number; confirmed: number }>();
    const at = (day: number) => days.get(day) ?? days.set(day, { submitted: 0, pending: 0, invalidated: 0, confirmed: 0 }).get(day)!;
    for (const r of rows) Object.assign(at(r.day), { submitted: r.submitted, pending: r.pending, invalidated: r.invalidated });
    for (const r of confirmed) at(r.day).confirmed = r.n;
    return days;
  }

  function fromCounters(petition: number) {
    const days = new Map<number, { submitted: number; pending: number; invalidated: number; confirmed: number }>();
    const c = schema.petitionDayCounts;
    for (const r of db().select().from(c).where(eq(c.petitionId, petition)).all()) {
      if (r.submitted || r.pending || r.invalidated || r.confirmed) days.set(r.day, { submitted: r.submitted, pending: r.pending, invalidated: r.invalidated, confirmed: r.confirmed });
    }
    return days;
  }

  it("follow every change of a signature: made, confirmed, invalidated, restored, moved, withdrawn, erased", () => {
    const petition = petitionId();
    const other = db()
      .insert(schema.petitions)
      .values({ campaignId: campaignId(), slug: `counters-${sequence}`, goal: 10 })
      .returning({ id: schema.petitions.id })
      .get().id;
    const day = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 3_600_000 * 7).toISOString();
    const change = fc.oneof(
      fc.record({
        kind: fc.constant("sign" as const),
        at: fc.nat(40),
        status: fc.constantFrom("pending" as const, "confirmed" as const, "invalidated" as const),
        after: fc.nat(10),
        otherPetition: fc.boolean(),
      }),
      fc.record({ kind: fc.constantFrom("confirm" as const, "invalidate" as const, "restore" as const, "delete" as const, "move" as const), pick: fc.nat(), at: fc.nat(40) }),
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        db().delete(schema.signatures).run();
        const s = schema.signatures;
        for (const c of changes) {
          const ids = db().select({ id: s.id }).from(s).orderBy(s.id).all();
          const id = ids.length ? ids[c.kind === "sign" ? 0 : c.pick % ids.length]!.id : null;
          switch (c.kind) {
            case "sign":
              sign({
                createdAt: day(c.at),
                status: c.status,
                confirmedAt: c.status === "pending" ? undefined : day(c.at + c.after),
                petition: c.otherPetition ? other : petition,
              });
              break;
            case "confirm":
              if (id) db().update(s).set({ status: "confirmed", confirmedAt: new Date(day(c.at)) }).where(eq(s.id, id)).run();
              break;
            case "invalidate":
              if (id) db().update(s).set({ status: "invalidated" }).where(eq(s.id, id)).run();
              break;
            case "restore":
              if (id) db().update(s).set({ status: "confirmed" }).where(and(eq(s.id, id), eq(s.status, "invalidated"))).run();
              break;
            case "move":
              // Not something the platform does; the counters follow whatever changes.
              if (id) db().update(s).set({ createdAt: new Date(day(c.at)), petitionId: c.at % 2 ? other : petition }).where(eq(s.id, id)).run();
              break;
            case "delete":
              if (id) db().delete(s).where(eq(s.id, id)).run();
              break;
          }
        }
        expect(fromCounters(petition)).toEqual(fromSignatures(petition));
        expect(fromCounters(other)).toEqual(fromSignatures(other));
      }),
      { numRuns: 60 },
    );
  });

  it("are filled from the signatures already stored when the migration runs", () => {
    // A database migrated up to the migration before the counters, with signatures in it.
    const full = path.resolve("db/migrations");
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    fs.cpSync(full, before, { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(before, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const index = journal.entries.findIndex((e) => e.tag.endsWith("_day_counters"));
    journal.entries = journal.entries.slice(0, index);
    fs.writeFileSync(path.join(before, "meta/_journal.json"), JSON.stringify(journal));
    const file = path.join(before, "platform.db");
    const old = openDatabase(file);
    try {
      migrateDatabase(old, before);
      // The countries come with the seed, not with the migrations.
      old.$client.pragma("foreign_keys = OFF");
      const campaign = old.insert(schema.campaigns).values({ slug: "c" }).returning().get().id;
      const petition = old.insert(schema.petitions).values({ campaignId: campaign, slug: "p", goal: 10 }).returning().get().id;
      const rows: ["pending" | "confirmed" | "invalidated", number, number | null][] = [
        ["pending", Date.UTC(2026, 0, 1, 10), null],
        ["confirmed", Date.UTC(2026, 0, 1, 23, 59), Date.UTC(2026, 0, 2, 0, 1)],
        ["confirmed", Date.UTC(2026, 0, 2, 5), Date.UTC(2026, 0, 2, 6)],
        ["invalidated", Date.UTC(2026, 0, 2, 7), Date.UTC(2026, 0, 2, 8)],
      ];
      for (const [status, created, confirmed] of rows) {
        sequence += 1;
        old
          .insert(schema.signatures)
          .values({
            petitionId: petition,
            emailHash: `migration-test-${sequence}`,
            emailEnc: encryptField("signatures.email", `m${sequence}@example.org`),
            nameEnc: encryptField("signatures.name", `Signer ${sequence}`),
            country: "NO",
            status,
            locale: "en",
            createdAt: new Date(created),
            confirmedAt: confirmed === null ? null : new Date(confirmed),
          })
          .run();
      }
      migrateDatabase(old, full);
      const day = Date.UTC(2026, 0, 1) / 86_400_000;
      expect(old.select().from(schema.petitionDayCounts).orderBy(schema.petitionDayCounts.day).all()).toEqual([
        { petitionId: petition, day, submitted: 2, pending: 1, invalidated: 0, confirmed: 0 },
        { petitionId: petition, day: day + 1, submitted: 2, pending: 0, invalidated: 1, confirmed: 2 },
      ]);
      expect(confirmationRate(old, petition)).toEqual({ submitted: 4, confirmed: 2, pending: 1, invalidated: 1, rate: 0.5 });
    } finally {
      old.$client.close();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});

describe("confirmationRate", () => {
  it("is null when nothing was submitted", () => {
    expect(confirmationRate(db(), petitionId())).toEqual({ submitted: 0, confirmed: 0, pending: 0, invalidated: 0, rate: null });
  });

  it("divides confirmed by all submitted signatures", () => {
    for (let i = 0; i < 3; i++) sign({ createdAt: "2026-03-01T00:00:00Z", status: "confirmed", confirmedAt: "2026-03-01T01:00:00Z" });
    sign({ createdAt: "2026-03-01T00:00:00Z" });
    sign({ createdAt: "2026-03-01T00:00:00Z", status: "invalidated" });
    const result = confirmationRate(db(), petitionId());
    expect(result).toEqual({ submitted: 5, confirmed: 3, pending: 1, invalidated: 1, rate: 0.6 });
  });
});

describe("signaturesByCountry", () => {
  it("lists the exact counters, most first, without empty countries", () => {
    const id = petitionId();
    db()
      .insert(schema.petitionCountryCounts)
      .values([
        { petitionId: id, country: "SE", confirmed: 2 },
        { petitionId: id, country: "NO", confirmed: 1_250_000 },
        { petitionId: id, country: "DK", confirmed: 2 },
        { petitionId: id, country: "FI", confirmed: 0 },
      ])
      .run();
    expect(signaturesByCountry(db(), id)).toEqual([
      { code: "NO", count: 1_250_000 },
      { code: "DK", count: 2 },
      { code: "SE", count: 2 },
    ]);
  });
});

describe("letters", () => {
  function recipient(key: string, nameEn: string, nameFa: string | null) {
    return db()
      .insert(schema.recipients)
      .values({ kind: "other", key, nameEn, nameFa, source: "staff" })
      .returning({ id: schema.recipients.id })
      .get().id;
  }

  function batch(campaign: number) {
    return db()
      .insert(schema.letterBatches)
      .values({ campaignId: campaign, emailHash: "writer", country: "NO", reachable: false, letterLocale: "en", locale: "en", status: "confirmed" })
      .returning({ id: schema.letterBatches.id })
      .get().id;
  }

  function letters(campaign: number, batchId: number, recipientId: number, statuses: (typeof schema.letterStatuses)[number][]) {
    for (const status of statuses) {
      sequence += 1;
      db()
        .insert(schema.letters)
        .values({ batchId, campaignId: campaign, recipientId, state: "NO", emailHash: `letter-${sequence}`, status })
        .run();
    }
  }

  it("groups a campaign's letters per recipient, names them in the locale, most letters first", () => {
    const campaign = campaignId();
    const b = batch(campaign);
    const a = recipient("dash-a", "Special Rapporteur A", "گزارشگر ویژه الف");
    const noFarsi = recipient("dash-b", "Working Group B", null);
    const c = recipient("dash-c", "Mission C", "نمایندگی ج");
    letters(campaign, b, a, ["queued", "sent", "sent", "failed", "awaiting_confirmation", "cancelled"]);
    letters(campaign, b, noFarsi, ["sent", "sent", "sent", "sent", "sent", "sent"]);
    letters(campaign, b, c, ["cancelled", "cancelled", "awaiting_confirmation"]);
    // Another campaign's letters are not counted.
    const otherCampaign = db().insert(schema.campaigns).values({ slug: "dashboard-other" }).returning({ id: schema.campaigns.id }).get().id;
    letters(otherCampaign, batch(otherCampaign), a, ["sent", "sent", "sent", "sent", "sent", "sent", "sent"]);

    expect(lettersByRecipient(db(), campaign, "en")).toEqual([
      { recipientId: noFarsi, name: "Working Group B", queued: 0, sent: 6, failed: 0, awaiting: 0 },
      { recipientId: a, name: "Special Rapporteur A", queued: 1, sent: 2, failed: 1, awaiting: 1 },
      { recipientId: c, name: "Mission C", queued: 0, sent: 0, failed: 0, awaiting: 1 },
    ]);
    const fa = lettersByRecipient(db(), campaign, "fa", 2);
    expect(fa.map((r) => r.name)).toEqual(["Working Group B", "گزارشگر ویژه الف"]);
  });

  it("lists letters delivered per state from the delivery counters", () => {
    const campaign = campaignId();
    db()
      .insert(schema.letterCounts)
      .values([
        { campaignId: campaign, state: "SE", delivered: 3 },
        { campaignId: campaign, state: "NO", delivered: 12 },
        { campaignId: campaign, state: "DK", delivered: 0 },
      ])
      .run();
    expect(lettersByState(db(), campaign)).toEqual([
      { code: "NO", sent: 12 },
      { code: "SE", sent: 3 },
    ]);
  });
});

describe("outboxHealth", () => {
  function email(template: string, status: "queued" | "sending" | "sent" | "failed" | "cancelled", extra: { createdAt?: string; sentAt?: string; lastError?: string; attempts?: number } = {}) {
    sequence += 1;
    return db()
      .insert(schema.outbox)
      .values({
        template,
        locale: "en",
        recipientKey: `key-${sequence}`,
        status,
        attempts: extra.attempts ?? 0,
        nextAttemptAt: now,
        lastError: extra.lastError ?? null,
        messageId: `<m${sequence}@platform.test>`,
        createdAt: new Date(extra.createdAt ?? "2026-03-10T15:00:00Z"),
        sentAt: extra.sentAt ? new Date(extra.sentAt) : null,
      })
      .returning({ id: schema.outbox.id })
      .get().id;
  }

  it("reports an empty outbox", () => {
    expect(outboxHealth(db(), now)).toEqual({
      queued: 0,
      sending: 0,
      failed: 0,
      sentLastDay: 0,
      oldestQueuedSeconds: null,
      byTemplate: [],
      recentFailures: [],
    });
  });

  it("counts messages by status and template, the oldest queued one, and the latest failures", () => {
    email("signature-confirm", "queued", { createdAt: "2026-03-10T14:30:00Z" }); // an hour old
    email("signature-confirm", "queued", { createdAt: "2026-03-10T15:29:00Z" });
    email("letter", "queued", { createdAt: "2026-03-10T15:00:00Z" });
    email("letter", "sending");
    email("letter", "sent", { sentAt: "2026-03-10T10:00:00Z" });
    email("letter", "sent", { sentAt: "2026-03-09T15:30:00Z" }); // exactly 24 hours ago: counted
    email("letter", "sent", { sentAt: "2026-03-09T15:29:59Z" }); // older: not counted
    email("signature-confirm", "sent", { sentAt: "2026-03-10T12:00:00Z" });
    email("letter", "cancelled");
    const firstFailure = email("letter", "failed", { lastError: "550 mailbox unavailable", attempts: 1, createdAt: "2026-03-01T00:00:00Z" });
    const secondFailure = email("letter-confirm", "failed", { attempts: 8, createdAt: "2026-03-02T00:00:00Z" });

    const health = outboxHealth(db(), now);
    expect(health).toMatchObject({ queued: 3, sending: 1, failed: 2, sentLastDay: 3, oldestQueuedSeconds: 3600 });
    expect(health.byTemplate).toEqual([
      { template: "letter", queued: 1, failed: 1, sent: 2 },
      { template: "letter-confirm", queued: 0, failed: 1, sent: 0 },
      { template: "signature-confirm", queued: 2, failed: 0, sent: 1 },
    ]);
    expect(health.recentFailures).toEqual([
      { id: secondFailure, template: "letter-confirm", lastError: null, attempts: 8, createdAt: "2026-03-02T00:00:00.000Z" },
      { id: firstFailure, template: "letter", lastError: "550 mailbox unavailable", attempts: 1, createdAt: "2026-03-01T00:00:00.000Z" },
    ]);
  });
});
