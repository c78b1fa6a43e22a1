import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { describe, expect, it } from "vitest";
import { createPowChallenge, POW_COST, POW_COUNTER_MAX, POW_COUNTER_MIN, POW_MAX_PAYLOAD_LENGTH, POW_TTL_MS, verifyPow } from "./pow.server";

/** Solves a challenge the way the widget's workers do, and builds the payload exactly as the widget does. */
async function solvedPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("no solution");
  return btoa(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }));
}

function decode(payload: string) {
  return JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
}

function encode(value: unknown) {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}

describe("proof of work", () => {
  it("issues signed SHA-256 challenges in deterministic mode that expire in 10 minutes", async () => {
    const before = Date.now();
    const challenge = await createPowChallenge();
    const p = challenge.parameters;
    expect(p.algorithm).toBe("SHA-256");
    expect(p.cost).toBe(POW_COST);
    expect(p.keyPrefix).toMatch(/^[0-9a-f]{32}$/);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(p.expiresAt! * 1000).toBeGreaterThanOrEqual(before + POW_TTL_MS - 1000);
    expect(p.expiresAt! * 1000).toBeLessThanOrEqual(Date.now() + POW_TTL_MS);
    const other = await createPowChallenge();
    expect(other.parameters.nonce).not.toBe(p.nonce);
  });

  it("verifies a solution once, then reports it as replayed", async () => {
    const payload = await solvedPayload(await createPowChallenge());
    expect(payload.length).toBeLessThan(POW_MAX_PAYLOAD_LENGTH / 4);
    expect(await verifyPow(payload)).toEqual({ status: "verified" });
    expect(await verifyPow(payload)).toEqual({ status: "invalid", reason: "replayed" });
    expect(await verifyPow(payload)).toEqual({ status: "invalid", reason: "replayed" });
  });

  it("accepts only one of two concurrent submissions of the same payload", async () => {
    const payload = await solvedPayload(await createPowChallenge());
    const results = await Promise.all([verifyPow(payload), verifyPow(payload), verifyPow(payload)]);
    expect(results.filter((r) => r.status === "verified")).toHaveLength(1);
    expect(results.filter((r) => r.status === "invalid" && r.reason === "replayed")).toHaveLength(2);
  });

  it("reports an absent payload (no JavaScript, or not solved yet)", async () => {
    expect(await verifyPow(null)).toEqual({ status: "absent" });
    expect(await verifyPow(undefined)).toEqual({ status: "absent" });
    expect(await verifyPow("")).toEqual({ status: "absent" });
  });

  it("refuses garbage without throwing", async () => {
    const garbage = [
      "x",
      "not base64 at all!",
      "====",
      "YWJj", // "abc": base64 but not JSON
      encode(null),
      encode(42),
      encode("text"),
      encode([]),
      encode({}),
      encode({ challenge: null, solution: null }),
      encode({ challenge: null, solution: null, test: true }), // the widget's "test" mode
      encode({ algorithm: "SHA-256", challenge: "00", number: 1, salt: "x", signature: "00", took: 1 }), // v1 payload
      encode({ verificationData: "", signature: "", algorithm: "SHA-256", verified: true }), // Sentinel payload
      encode({ ["__proto__"]: { verified: true } }),
      "a".repeat(POW_MAX_PAYLOAD_LENGTH + 4),
      "a".repeat(1024 * 1024),
      "\u0000\uffff\ud800",
      Buffer.from(crypto.getRandomValues(new Uint8Array(300))).toString("base64"),
    ];
    for (let i = 0; i < 50; i++) garbage.push(Buffer.from(crypto.getRandomValues(new Uint8Array(1 + i * 7))).toString("latin1"));
    for (const value of garbage) {
      await expect(verifyPow(value), JSON.stringify(value.slice(0, 40))).resolves.toEqual({ status: "invalid", reason: "invalid" });
    }
    // Not a string at all (a File from FormData, by mistake).
    await expect(verifyPow(42 as unknown as string)).resolves.toEqual({ status: "invalid", reason: "invalid" });
  });

  it("refuses tampered challenges and solutions, without spending the challenge", async () => {
    const challenge = await createPowChallenge();
    const payload = await solvedPayload(challenge);
    const original = decode(payload);
    const tamper = (change: (p: typeof original) => void) => {
      const copy = structuredClone(original);
      change(copy);
      return encode(copy);
    };
    const tampered = [
      tamper((p) => (p.challenge.parameters.cost = 1)),
      tamper((p) => (p.challenge.parameters.expiresAt += 3600)),
      tamper((p) => (p.challenge.parameters.keyPrefix = "00")),
      tamper((p) => (p.challenge.parameters.nonce = "0".repeat(32))),
      tamper((p) => (p.challenge.parameters.keySignature = "0".repeat(64))),
      tamper((p) => (p.challenge.parameters.data = { extra: true })),
      tamper((p) => (p.challenge.signature = "0".repeat(64))),
      tamper((p) => delete p.challenge.signature),
      tamper((p) => (p.challenge.parameters.algorithm = "SHA-512")),
      tamper((p) => (p.solution.counter += 1)),
      tamper((p) => (p.solution.counter = -1)),
      tamper((p) => (p.solution.counter = 2 ** 40)),
      tamper((p) => (p.solution.derivedKey = "0".repeat(64))),
      tamper((p) => (p.solution.derivedKey = p.solution.derivedKey.toUpperCase())),
      tamper((p) => (p.solution.derivedKey = "zz")),
      tamper((p) => delete p.solution),
    ];
    for (const value of tampered) {
      expect(await verifyPow(value)).toEqual({ status: "invalid", reason: "invalid" });
    }
    // A challenge signed with a different secret (another installation) is refused too.
    const { createChallenge } = await import("altcha-lib");
    const foreign = await createChallenge({
      algorithm: "SHA-256",
      cost: POW_COST,
      counter: 10,
      deriveKey,
      expiresAt: new Date(Date.now() + POW_TTL_MS),
      hmacSignatureSecret: "0".repeat(64),
    });
    expect(await verifyPow(await solvedPayload(foreign))).toEqual({ status: "invalid", reason: "invalid" });
    // The genuine payload is still good after all those attempts.
    expect(await verifyPow(payload)).toEqual({ status: "verified" });
  });

  it("reports expired challenges", async () => {
    // Solved in time, but submitted after the 10 minutes (the caller's clock).
    const payload = await solvedPayload(await createPowChallenge());
    expect(await verifyPow(payload, new Date(Date.now() + POW_TTL_MS + 2000))).toEqual({ status: "invalid", reason: "expired" });
    // Not spent by that attempt.
    expect(await verifyPow(payload)).toEqual({ status: "verified" });
    // Issued 11 minutes ago (altcha-lib's own expiry check, on the real clock).
    const old = await solvedPayload(await createPowChallenge(new Date(Date.now() - POW_TTL_MS - 60_000)));
    expect(await verifyPow(old)).toEqual({ status: "invalid", reason: "expired" });
  });

  it("verifies in well under 50 ms", async () => {
    const payloads: string[] = [];
    for (let i = 0; i < 9; i++) payloads.push(await solvedPayload(await createPowChallenge()));
    const times: number[] = [];
    for (const payload of payloads) {
      const started = performance.now();
      expect(await verifyPow(payload)).toEqual({ status: "verified" });
      times.push(performance.now() - started);
    }
    const garbageStarted = performance.now();
    await verifyPow("a".repeat(1024 * 1024));
    const garbageMs = performance.now() - garbageStarted;
    times.sort((a, b) => a - b);
    expect(times[times.length - 1]).toBeLessThan(50);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(10);
    expect(garbageMs).toBeLessThan(5);
  });

  it("is solvable with a bounded amount of work", async () => {
    const challenge = await createPowChallenge();
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution!.counter).toBeGreaterThanOrEqual(POW_COUNTER_MIN);
    expect(solution!.counter).toBeLessThanOrEqual(POW_COUNTER_MAX);
  });
});
