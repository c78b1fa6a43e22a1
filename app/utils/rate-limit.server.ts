// Limits on form submissions, per client address (a short burst window and a longer sustained one) and per
// email address. Addresses are only ever held as keyed hashes. Counters live in memory: one process serves
// the platform, and a restart forgets them, which errs on the side of letting people sign.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "./env.server";

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; scope: "address" | "email" };

interface Limiters {
  burst: RateLimiterMemory;
  sustained: RateLimiterMemory;
  email: RateLimiterMemory;
}

let limiters: Limiters | null = null;

function get(): Limiters {
  if (!limiters) {
    const { burst, sustained, email } = env().rateLimits;
    limiters = {
      burst: new RateLimiterMemory({ keyPrefix: "burst", points: burst.points, duration: burst.seconds }),
      sustained: new RateLimiterMemory({ keyPrefix: "sustained", points: sustained.points, duration: sustained.seconds }),
      email: new RateLimiterMemory({ keyPrefix: "email", points: email.points, duration: email.seconds }),
    };
  }
  return limiters;
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

/** Counts one submission from a client address (given as a keyed hash). */
export async function limitAddress(addressHash: string): Promise<LimitResult> {
  const { burst, sustained } = get();
  const wait = (await consume(burst, addressHash)) ?? (await consume(sustained, addressHash));
  return wait === null ? { ok: true } : { ok: false, retryAfterSeconds: wait, scope: "address" };
}

/** Counts one submission for an email address (given as a keyed hash of its canonical form). */
export async function limitEmail(emailHash: string): Promise<LimitResult> {
  const wait = await consume(get().email, emailHash);
  return wait === null ? { ok: true } : { ok: false, retryAfterSeconds: wait, scope: "email" };
}

export function resetRateLimitsForTests() {
  limiters = null;
}
