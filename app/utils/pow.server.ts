// Proof of work (ALTCHA, self-hosted): the browser spends about a second of CPU on a signed challenge before a
// public form is sent. It is an extra signal, never a requirement: visitors without JavaScript submit no
// payload ("absent") and the caller relies on email confirmation, as for everyone. Nothing leaves our server:
// the challenge, the widget and its workers all come from our own origin.
//
// Payload format (what the widget puts in the hidden `altcha` field): base64 of the JSON
//   { "challenge": { "parameters": {…}, "signature": "<hex>" }, "solution": { "counter": n, "derivedKey": "<hex>", "time": ms } }
// exactly as altcha-lib's frameworks/shared.js parses it (`JSON.parse(atob(payload))`).
import crypto from "node:crypto";
import { CappedMap, createChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { z } from "zod";
import { keyring } from "./keys.server";

/**
 * Difficulty. A SHA challenge in ALTCHA's "deterministic" mode: the server picks a secret counter, and the
 * browser must find it by trying 0, 1, 2, … (interleaved across its Web Workers); each try is a chain of
 * POW_COST SHA-256 hashes, one WebCrypto call each. Work = POW_COST × counter calls, divided among workers.
 *
 * ALTCHA's recommendation for SHA (cost 1000, counter 1000–5000) is tuned for desktops: its own benchmark of
 * cost 1000 × counter 1000 takes ~0.75 s in desktop Chrome but ~11 s on a low-end Android phone (4 workers),
 * about 44 µs per hash call there. We want a typical phone well under 2 s, so we use counters of 500–1000
 * and a twentieth of the cost: at most 50 × 1000 = 50k calls, 1/20 of ALTCHA's smallest SHA setting.
 * Expected: ≈ 0.55 s worst case on that low-end phone (4 workers), a few hundred ms or less on a typical one,
 * tens of ms on a desktop (the widget then waits out its 500 ms minimum). Measured with this widget in
 * headless Chromium on a 2-vCPU server (2 workers, ~20 µs per call), counter 750: ~0.8 s at cost 50 (~1.4 s
 * at cost 100, ~0.2 s at cost 10); page load to "verified" took 1.8–3.2 s there, including loading the page,
 * the widget and its workers in a fresh browser profile and the widget's 500 ms minimum. A bot with native
 * SHA-256 pays a few tens of ms per submission: this is a speed bump for cheap scripts, not a wall; email
 * confirmation and rate limits remain the real protection.
 *
 * Do not switch to SHA-384/512 with a 32-byte key: altcha 3.2's browser worker truncates every round to the
 * key length while altcha-lib's Node deriveKey truncates only at the end, so they disagree for those.
 */
export const POW_ALGORITHM = "SHA-256";
export const POW_COST = 50;
export const POW_COUNTER_MIN = 500;
export const POW_COUNTER_MAX = 1000;
/** How long a challenge may be solved and submitted. */
export const POW_TTL_MS = 10 * 60 * 1000;
/** Our payloads are ~600 characters; anything much longer is not ours and is refused before parsing. */
export const POW_MAX_PAYLOAD_LENGTH = 4096;
/** Used challenges remembered against replay (one small string each; ~100k is a few MB at most). */
const USED_CHALLENGES_MAX = 100_000;

export type PowResult = { status: "absent" } | { status: "verified" } | { status: "invalid"; reason: "expired" | "replayed" | "invalid" };

// Only the challenge is signed. altcha-lib can also sign the expected key (hmacKeySignatureSecret) to verify
// with an HMAC instead of re-hashing, but that path ignores the submitted counter, and re-hashing POW_COST
// times costs well under a millisecond: verification re-derives the key from the counter and compares.
function hmacSignatureSecret(): string {
  return keyring().secretFor("pow-hmac").toString("hex");
}

/** A new signed challenge for the widget (send it with Cache-Control: no-store). `now` is for tests. */
export async function createPowChallenge(now: Date = new Date()): Promise<Challenge> {
  return createChallenge({
    algorithm: POW_ALGORITHM,
    cost: POW_COST,
    counter: crypto.randomInt(POW_COUNTER_MIN, POW_COUNTER_MAX + 1),
    deriveKey,
    expiresAt: new Date(now.getTime() + POW_TTL_MS),
    hmacSignatureSecret: hmacSignatureSecret(),
  });
}

const hex = (length?: number) => z.string().regex(length ? new RegExp(`^[0-9a-f]{${length}}$`) : /^(?:[0-9a-f]{2})+$/);

// Exactly the shape we issue (strict: no extra parameters; they are all covered by the signature anyway).
const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.strictObject({
      algorithm: z.literal(POW_ALGORITHM),
      cost: z.number().int().positive(),
      expiresAt: z.number().int().positive(),
      keyLength: z.number().int().positive().max(64),
      keyPrefix: hex(),
      nonce: hex(32),
      salt: hex(32),
    }),
    signature: hex(64),
  }),
  solution: z.object({
    counter: z.number().int().min(0).max(0xffffffff),
    derivedKey: hex(),
  }),
});

// Challenge nonces already accepted once, with their expiry (seconds). In memory: with several server
// processes each would have its own (this platform runs one). Oldest entries are evicted beyond the cap.
const usedChallenges = new CappedMap<string, number>({ maxSize: USED_CHALLENGES_MAX });

function forgetExpired(nowSeconds: number) {
  // Entries are roughly in expiry order (every challenge lives POW_TTL_MS), so stop at the first live one.
  for (const [nonce, expiresAt] of usedChallenges) {
    if (expiresAt >= nowSeconds) break;
    usedChallenges.delete(nonce);
  }
}

function decode(payload: string): unknown {
  if (payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return null;
  }
}

const invalid = (reason: "expired" | "replayed" | "invalid"): PowResult => ({ status: "invalid", reason });

/**
 * Checks the widget's payload from a submitted form. Never throws on anything a client can send.
 * A valid solution is accepted once; the same payload again is "replayed".
 */
export async function verifyPow(payload: string | null | undefined, now: Date = new Date()): Promise<PowResult> {
  if (payload === null || payload === undefined || payload === "") return { status: "absent" };
  if (typeof payload !== "string" || payload.length > POW_MAX_PAYLOAD_LENGTH) return invalid("invalid");
  const parsed = payloadSchema.safeParse(decode(payload));
  if (!parsed.success) return invalid("invalid");
  const { challenge, solution } = parsed.data;
  const nowSeconds = now.getTime() / 1000;
  // altcha-lib checks expiry against the real clock; this also honours the `now` given by tests.
  if (challenge.parameters.expiresAt < nowSeconds) return invalid("expired");
  let result;
  try {
    result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: hmacSignatureSecret() });
  } catch {
    return invalid("invalid");
  }
  if (result.expired) return invalid("expired");
  if (!result.verified) return invalid("invalid");
  // Only verified solutions are recorded, so garbage cannot fill the map. Synchronous check-and-set: two
  // concurrent submissions of one payload cannot both pass.
  forgetExpired(nowSeconds);
  if (!usedChallenges.setIfAbsent(challenge.parameters.nonce, challenge.parameters.expiresAt)) return invalid("replayed");
  return { status: "verified" };
}
