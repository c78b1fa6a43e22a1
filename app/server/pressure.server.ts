// How busy the server is: requests being answered right now, and how much of the time the event loop has
// been working. The outbox uses it to let a surge of requests go first (app/mail/outbox.server.ts).
import { performance } from "node:perf_hooks";

let inFlight = 0;
let lastUse = performance.eventLoopUtilization();

/** Counts a request from its start until its response has finished (or the connection closed). */
export function trackRequest(res: { once(event: "close", listener: () => void): unknown }) {
  inFlight += 1;
  res.once("close", () => (inFlight -= 1));
}

/**
 * Under a surge: many requests in flight at once and an event loop busy most of the time since the last
 * call. One request at a time, however slow, is not a surge.
 */
export function underPressure({ requests = 8, utilization = 0.85 } = {}): boolean {
  const since = performance.eventLoopUtilization(lastUse);
  lastUse = performance.eventLoopUtilization();
  return inFlight >= requests && since.utilization >= utilization;
}
