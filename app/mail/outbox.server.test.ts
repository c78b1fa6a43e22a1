// The outbox against a real SMTP server on loopback: delivery, retries while the server is down, permanent
// failures, crash recovery, and scrubbing of delivered messages.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SmtpCapture } from "../../tests/setup/smtp";
import { db, schema } from "~/utils/db.server";
import { OutboxWorker, queueEmail, retryDelays } from "./outbox.server";
import { smtpTransport, type MailTransport } from "./transport.server";

const smtp = new SmtpCapture();
let transport: MailTransport;
let clock = new Date("2026-03-01T12:00:00Z");
const from = "campaign@platform.test";

function worker(extra: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}) {
  return new OutboxWorker({ db: db(), transport, fromAddress: from, defaultFromName: "Campaigns for accountability", now: () => clock, ...extra });
}

function queue(to: string, name = "Maryam") {
  db().transaction((tx) =>
    queueEmail(
      tx,
      {
        template: "signature-confirm",
        locale: "fa",
        to,
        data: { name, petitionTitle: "عدالت", confirmUrl: "http://localhost/c/abc", withdrawUrl: "http://localhost/w/def", validDays: 7 },
      },
      from,
      clock,
    ),
  );
}

function rows() {
  return db().select().from(schema.outbox).all();
}

beforeAll(async () => {
  await smtp.start();
  transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, 2);
});

afterAll(async () => {
  transport.close();
  await smtp.stop();
});

beforeEach(() => {
  db().delete(schema.outbox).run();
  smtp.messages.length = 0;
  smtp.rejectRecipients.clear();
  clock = new Date("2026-03-01T12:00:00Z");
});

describe("outbox delivery", () => {
  it("delivers a queued email over SMTP in the recipient's language, then scrubs its content", async () => {
    queue("reader@example.org");
    expect(await worker().deliverDue()).toBe(1);
    const [mail] = await smtp.waitFor("reader@example.org");
    expect(mail!.subject).toBe("لطفاً امضای خود را تأیید کنید");
    expect(mail!.from).toContain("campaign@platform.test");
    expect(mail!.text).toContain("http://localhost/c/abc");
    expect(mail!.html).toContain('dir="rtl"');
    expect(mail!.raw).toMatch(/Message-ID: <[0-9a-f-]+@platform\.test>/i);
    const [row] = rows();
    expect(row).toMatchObject({ status: "sent", toEnc: null, payloadEnc: null, lastError: null, attempts: 1 });
    expect(row!.sentAt).toEqual(clock);
  });

  it("escapes markup from a supporter's name in the HTML part", async () => {
    queue("markup@example.org", `<script>alert("x")</script> & <b>Bold</b>`);
    await worker().deliverDue();
    const [mail] = await smtp.waitFor("markup@example.org");
    expect(mail!.html).not.toContain("<script>");
    expect(mail!.html).toContain("&lt;script&gt;");
    expect(mail!.text).toContain(`<script>alert("x")</script>`);
  });

  it("retries with backoff while the SMTP server is down, and delivers exactly once when it is back", async () => {
    queue("patient@example.org");
    const port = smtp.port;
    await smtp.stop();
    await worker().deliverDue();
    let [row] = rows();
    expect(row!.status).toBe("queued");
    expect(row!.lastError).toMatch(/^E[A-Z]+$/);
    expect(row!.nextAttemptAt.getTime()).toBe(clock.getTime() + retryDelays[0]! * 1000);
    // Not due yet: nothing is attempted.
    expect(await worker().deliverDue()).toBe(0);

    await smtp.start(port);
    clock = new Date(clock.getTime() + retryDelays[0]! * 1000);
    expect(await worker().deliverDue()).toBe(1);
    expect(await worker().deliverDue()).toBe(0);
    await smtp.waitFor("patient@example.org");
    expect(smtp.to("patient@example.org")).toHaveLength(1);
    [row] = rows();
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("stops at a permanent rejection and records it without the address", async () => {
    smtp.rejectRecipients.add("gone@example.org");
    queue("gone@example.org");
    await worker().deliverDue();
    const [row] = rows();
    expect(row!.status).toBe("failed");
    expect(row!.lastError).toMatch(/^SMTP 550/);
    expect(row!.lastError).not.toContain("gone@");
  });

  it("after a crash, re-queues messages that were being sent and delivers them", async () => {
    queue("crash@example.org");
    db().update(schema.outbox).set({ status: "sending" }).run();
    const w = worker({ pollMs: 50 });
    w.start();
    await smtp.waitFor("crash@example.org");
    await w.stop();
    expect(rows()[0]!.status).toBe("sent");
  });

  it("under a surge, lets requests go first, but no email waits longer than allowed", async () => {
    let busy = true;
    const w = worker({ yieldUnderLoad: { busy: () => busy, maxDelayMs: 10_000 }, pollMs: 20 });
    queue("surge@example.org");
    w.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Busy, and the message has waited less than 10 s: nothing sent yet.
      expect(rows().map((r) => r.status)).toEqual(["queued"]);
      // Ten seconds later (on the worker's clock) it goes, busy or not.
      clock = new Date(clock.getTime() + 10_001);
      await expect.poll(() => rows().map((r) => r.status), { timeout: 5000 }).toEqual(["sent"]);
      queue("after@example.org");
      busy = false;
      await expect.poll(() => rows().map((r) => r.status), { timeout: 5000 }).toEqual(["sent", "sent"]);
    } finally {
      await w.stop();
    }
  });

  it("paces messages to one recipient when a per-recipient limit applies", async () => {
    for (let i = 0; i < 5; i++) queue("mission@example.org");
    queue("other@example.org");
    const w = worker({ recipientLimit: { limit: 2, windowSeconds: 3600, appliesTo: () => true } });
    expect(await w.deliverDue()).toBe(3);
    expect(smtp.to("mission@example.org")).toHaveLength(2);
    expect(smtp.to("other@example.org")).toHaveLength(1);
    expect(await w.deliverDue()).toBe(0);
    // An hour later, two more.
    clock = new Date(clock.getTime() + 3601 * 1000);
    expect(await w.deliverDue()).toBe(2);
    expect(smtp.to("mission@example.org")).toHaveLength(4);
    const waiting = db().select().from(schema.outbox).where(eq(schema.outbox.status, "queued")).all();
    expect(waiting).toHaveLength(1);
  });

  it("keeps an outcome the locked database refuses, and records it once the lock is gone", async () => {
    queue("locked@example.org");
    // Another process takes the write lock just as the SMTP server accepts the message.
    const other = new Database(db().$client.name);
    const locking: MailTransport = {
      async send(message) {
        await transport.send(message);
        other.exec("BEGIN EXCLUSIVE");
      },
      close() {},
    };
    db().$client.pragma("busy_timeout = 100");
    try {
      const w = worker({ transport: locking });
      expect(await w.deliverDue()).toBe(1);
      expect(rows()[0]!.status).toBe("sending");
      // Still locked: nothing is recorded and nothing new is claimed.
      expect(await w.deliverDue()).toBe(0);
      expect(rows()[0]!.status).toBe("sending");
      other.exec("COMMIT");
      expect(await w.deliverDue()).toBe(0);
      expect(rows()[0]).toMatchObject({ status: "sent", attempts: 1, toEnc: null });
      expect(smtp.to("locked@example.org")).toHaveLength(1);
    } finally {
      db().$client.pragma("busy_timeout = 5000");
      other.close();
    }
  });
});
