// Jobs the server runs on a timer: retention, every hour (and once shortly after start).
import { db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { logger } from "../utils/logger.server";
import { applyRetention } from "./retention.server";

let timer: NodeJS.Timeout | null = null;

export function runRetentionNow() {
  const report = applyRetention(db(), env().retention);
  const changed = Object.values(report).some((n) => n > 0);
  if (changed) logger().info(report, "retention applied");
  return report;
}

export function startScheduler(intervalMs = 60 * 60_000) {
  if (timer) return;
  const tick = () => {
    try {
      runRetentionNow();
    } catch (error) {
      logger().error({ err: error instanceof Error ? error.message : String(error) }, "retention failed");
    }
  };
  setTimeout(tick, 10_000).unref();
  timer = setInterval(tick, intervalMs);
  timer.unref();
}

export function stopScheduler() {
  if (timer) clearInterval(timer);
  timer = null;
}
