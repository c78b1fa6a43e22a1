// Concurrency (issue 8, item 3): one person's address sent from 100 places at once gives one signature, and
// one email: submissions of one signature within seconds of each other are one submission (repeatWindowMs);
// later repeats may resend the link, up to five emails per signature (ADR 0014).
// Two staff editing the same content: tests/e2e/staff-letters.test.ts and tests/e2e/staff-content.test.ts.
import { expect, test } from "@playwright/test";
import { AppServer } from "../setup/app-server";
import { uniqueEmail } from "../setup/journeys";
import { SmtpCapture } from "../setup/smtp";
import { checkEmailPath, clientAddress, outboxDrained, outboxRows, sign, signaturesFor, sleep, startTimeoutMs } from "./support";

test.describe.configure({ mode: "parallel" });

/** How many times the server logged each outcome of a submission. */
function outcomes(server: AppServer): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of server.log.split("\n")) {
    const match = line.match(/"outcome":"([a-z-]+)".*"msg":"signature submitted"/);
    if (match) counts[match[1]!] = (counts[match[1]!] ?? 0) + 1;
  }
  return counts;
}

function serverFor(smtp: SmtpCapture, env: Record<string, string> = {}) {
  return new AppServer({ startTimeoutMs, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, TRUST_PROXY: "loopback", ...env } });
}

/** The same address, the same petition, from 100 client addresses at once (the per-address limits play no part). */
async function hundredAtOnce(server: AppServer) {
  const email = uniqueEmail("hundred");
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => sign(server, email, clientAddress(5000 + i), "NO")));
  await outboxDrained(server);
  await sleep(500);
  return { email, results };
}

test("100 simultaneous submissions of one address, default limits: one signature, one email, the rest refused by the per-email limit", async () => {
  const smtp = new SmtpCapture();
  await smtp.start();
  const server = serverFor(smtp);
  try {
    await server.start();
    const { email, results } = await hundredAtOnce(server);
    const statuses = results.map((r) => r.status);
    // RATE_LIMIT_EMAIL is 6 an hour: six reach the signing, 94 get a 429 with Retry-After.
    expect(statuses.filter((s) => s === 303)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(94);
    for (const r of results) if (r.status === 303) expect(r.location).toBe(checkEmailPath);
    // The five that follow the first within seconds are the same submission again (repeatWindowMs).
    expect(outcomes(server)).toEqual({ created: 1, repeat: 5 });
    const rows = signaturesFor(server, [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.emailsSent).toBe(1);
    expect(outboxRows(server).filter((r) => r.signatureId === rows[0]!.id)).toHaveLength(1);
    expect(smtp.to(email)).toHaveLength(1);
  } finally {
    await server.stop();
    await smtp.stop();
  }
});

test("100 simultaneous submissions of one address reaching the signing itself: still one signature and one email", async () => {
  // The per-email limit is raised on this server only, so that all 100 reach the signing transaction:
  // with the default (6 an hour) the limiter, not the transaction, would answer 94 of them.
  const smtp = new SmtpCapture();
  await smtp.start();
  const server = serverFor(smtp, { RATE_LIMIT_EMAIL: "1000/3600" });
  try {
    await server.start();
    const { email, results } = await hundredAtOnce(server);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 303));
    expect(outcomes(server)).toEqual({ created: 1, repeat: 99 });
    const rows = signaturesFor(server, [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.emailsSent).toBe(1);
    expect(outboxRows(server)).toHaveLength(1);
    expect(smtp.to(email)).toHaveLength(1);
    expect(smtp.to(email)[0]!.text).toMatch(/\/signatures\/confirm\/[A-Za-z0-9_-]+/);
  } finally {
    await server.stop();
    await smtp.stop();
  }
});
