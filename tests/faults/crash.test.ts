// Crash safety (issue 8, item 1): the server is killed with SIGKILL — no shutdown, no chance to finish
// anything — in the middle of a signing load, while the outbox drains to a slow SMTP server, and while
// letters to missions are being delivered; then started again on the same data directory and keys.
// Acknowledged signings are all stored, none twice; every queued email is delivered exactly once, except a
// message that was in flight at the moment of the kill, which may arrive once more (docs/reliability.md).
import { expect, test } from "@playwright/test";
import { AppServer } from "../setup/app-server";
import { linkIn, pathOf, uniqueEmail } from "../setup/journeys";
import { SmtpCapture } from "../setup/smtp";
import {
  checkEmailPath,
  clientAddress,
  expectEachDeliveredOnce,
  inFlight,
  integrityCheck,
  lettersPath,
  openServerDatabase,
  outboxDrained,
  outboxRows,
  postForm,
  schema,
  sign,
  signaturesFor,
  allSignatures,
  startTimeoutMs,
  waitUntil,
  type PostResult,
} from "./support";

function crashServer(smtp: SmtpCapture) {
  return new AppServer({
    startTimeoutMs,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: "campaign@platform.test",
      TRUST_PROXY: "loopback",
      // Retries after 0.3 s, 1.2 s… instead of 30 s, 2 min…
      MAIL_RETRY_SCALE: "0.01",
    },
  });
}

test.describe.configure({ mode: "parallel" });

test("killed during a signing load: every acknowledged signing is stored once, every email delivered once", async () => {
  const smtp = new SmtpCapture();
  await smtp.start();
  const server = crashServer(smtp);
  try {
    await server.start();
    // A load, not one burst: 20 clients, each signing again as soon as it has its answer, each signing from
    // its own address. (Signings that arrive together share one commit and are answered together, so with
    // one burst the kill could only come after every answer.) The server is killed at the 40th answer, with
    // about 20 signings in flight; no new one starts after that.
    const clients = 20;
    const killAt = 40;
    const emails: string[] = [];
    const results: PostResult[] = [];
    let acknowledged = 0;
    let killing: Promise<void> | null = null;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (!killing && emails.length < 1000) {
          const i = emails.push(uniqueEmail(`crash-load-${emails.length}`)) - 1;
          const result = await sign(server, emails[i]!, clientAddress(1000 + i));
          results[i] = result;
          if (result.status === 303 && !killing && ++acknowledged >= killAt) killing = server.kill("SIGKILL");
        }
      }),
    );
    const total = emails.length;
    await killing;
    expect(server.running).toBe(false);

    const ok = emails.filter((_, i) => results[i]!.status === 303);
    const cut = emails.filter((_, i) => results[i]!.status === 0);
    // Every answer is either the success page or a broken connection: nothing in between.
    expect(ok.length + cut.length).toBe(total);
    for (const [i, email] of emails.entries()) if (results[i]!.status === 303) expect(results[i]!.location, email).toBe(checkEmailPath);
    expect(ok.length).toBeGreaterThanOrEqual(killAt);
    expect(cut.length, "the kill came before every request was answered").toBeGreaterThan(0);

    // Straight after the crash: every acknowledged signing is in the database, exactly once.
    const stored = signaturesFor(server, emails);
    const byEmail = new Map<string, number>();
    for (const row of stored) byEmail.set(row.email, (byEmail.get(row.email) ?? 0) + 1);
    for (const email of ok) expect(byEmail.get(email), `acknowledged ${email}`).toBe(1);
    for (const email of cut) expect(byEmail.get(email) ?? 0, `unacknowledged ${email}`).toBeLessThanOrEqual(1);
    expect(allSignatures(server)).toHaveLength(stored.length);
    // Each with its one confirmation email queued in the same transaction.
    const outbox = outboxRows(server);
    for (const row of stored) expect(outbox.filter((o) => o.signatureId === row.id && o.template === "signature-confirm"), `email of ${row.email}`).toHaveLength(1);
    expect(outbox).toHaveLength(stored.length);
    expect(integrityCheck(server)).toBe("ok");
    const sending = inFlight(server);

    await server.start();
    await outboxDrained(server);
    const { rows, duplicates } = expectEachDeliveredOnce(server, smtp, sending);
    expect(rows).toBe(stored.length);
    for (const row of stored) expect(smtp.to(row.email).length, row.email).toBeGreaterThanOrEqual(1);
    test.info().annotations.push({
      type: "figures",
      description: `${ok.length} acknowledged, ${stored.length} stored of ${total}; ${sending.size} in flight at the kill, ${duplicates} delivered twice`,
    });
  } finally {
    await server.stop();
    await smtp.stop();
  }
});

test("killed while the outbox drains to a slow SMTP server: nothing lost, at most the in-flight messages twice", async () => {
  const smtp = new SmtpCapture();
  await smtp.start();
  const server = crashServer(smtp);
  try {
    await server.start();
    // Each message takes 400 ms to be accepted: five connections drain about twelve a second.
    smtp.delayMs = 400;
    const emails = Array.from({ length: 40 }, (_, i) => uniqueEmail(`crash-drain-${i}`));
    const results = await Promise.all(emails.map((email, i) => sign(server, email, clientAddress(2000 + i))));
    expect(results.map((r) => r.status)).toEqual(emails.map(() => 303));
    // A first batch delivered, and the next messages on their way (the SMTP server holds them for 400 ms): the
    // kill comes while the outbox waits for their answers, not between two of its rounds.
    await waitUntil("a first batch to arrive, and more on their way", () => smtp.messages.length >= 8 && smtp.receiving > 0, 20_000, 20);
    await server.kill("SIGKILL");
    const receivedAtKill = smtp.messages.length;
    expect(receivedAtKill, "the kill came before the outbox was drained").toBeLessThan(emails.length);

    const sending = inFlight(server);
    expect(sending.size, "messages were in flight at the kill").toBeGreaterThan(0);
    expect(signaturesFor(server, emails)).toHaveLength(emails.length);
    expect(integrityCheck(server)).toBe("ok");

    smtp.delayMs = 0;
    await server.start();
    await outboxDrained(server);
    const { rows, duplicates } = expectEachDeliveredOnce(server, smtp, sending);
    expect(rows).toBe(emails.length);
    for (const email of emails) expect(smtp.to(email).length, email).toBeGreaterThanOrEqual(1);
    test.info().annotations.push({ type: "figures", description: `${receivedAtKill} received before the kill, ${sending.size} in flight, ${duplicates} delivered twice` });
  } finally {
    await server.stop();
    await smtp.stop();
  }
});

test("killed while letters to missions are delivered: each mission gets its letter, the counts are exact", async () => {
  const smtp = new SmtpCapture();
  await smtp.start();
  const server = crashServer(smtp);
  try {
    await server.start();
    // Writers in twelve countries, each writing to their country's two missions (demo addresses on example.org).
    const states = ["AT", "BE", "DK", "EE", "FI", "GR", "HU", "IE", "LT", "LU", "LV", "NL"];
    const writers = states.map((state) => ({ state, email: uniqueEmail(`crash-letter-${state.toLowerCase()}`) }));
    const submitted = await Promise.all(
      writers.map(({ state, email }, i) =>
        postForm(
          `${server.url}${lettersPath}?index`,
          { residence: state, state, lang: "en", name: `Writer ${state}`, email, appear: "withheld", delivery: "platform" },
          { ip: clientAddress(3000 + i) },
        ),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual(writers.map(() => 303));
    const confirmLinks = await Promise.all(writers.map(async ({ email }) => pathOf(linkIn((await smtp.waitFor(email))[0]!, "/letters/confirm/"))));

    // Confirmed all at once: 24 letters and 12 receipts queued, accepted slowly by the SMTP server.
    smtp.delayMs = 300;
    const before = smtp.messages.length;
    const confirmed = await Promise.all(confirmLinks.map((path, i) => postForm(server.url + path, {}, { ip: clientAddress(3100 + i) })));
    expect(confirmed.map((r) => r.status)).toEqual(writers.map(() => 303));
    await waitUntil("letters to start arriving", () => smtp.messages.length - before >= 8, 20_000, 20);
    await server.kill("SIGKILL");
    expect(smtp.messages.length - before, "the kill came before every letter was delivered").toBeLessThan(36);
    const sending = inFlight(server);
    expect(integrityCheck(server)).toBe("ok");

    smtp.delayMs = 0;
    await server.start();
    await outboxDrained(server);
    const { duplicates } = expectEachDeliveredOnce(server, smtp, sending);
    for (const { state } of writers) {
      for (const kind of ["ny", "geneva"]) {
        const address = `demo-${kind}-${state.toLowerCase()}@example.org`;
        expect(smtp.to(address).length, address).toBeGreaterThanOrEqual(1);
      }
    }
    const db = openServerDatabase(server);
    try {
      const letters = db.select().from(schema.letters).all();
      expect(letters).toHaveLength(24);
      expect(letters.filter((l) => l.status === "sent")).toHaveLength(24);
      // The public count of delivered letters counts each letter once, even one the SMTP server got twice.
      const counts = db.select().from(schema.letterCounts).all();
      expect(counts.reduce((sum, c) => sum + c.delivered, 0)).toBe(24);
      for (const { state } of writers) expect(counts.find((c) => c.state === state)?.delivered, state).toBe(2);
    } finally {
      db.$client.close();
    }
    test.info().annotations.push({ type: "figures", description: `${sending.size} in flight at the kill, ${duplicates} delivered twice` });
  } finally {
    await server.stop();
    await smtp.stop();
  }
});
