// The platform's configuration, read from the environment once and validated. Every variable is listed in
// the README's configuration table; a production start with a missing or invalid setting refuses to run.
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** "local": a single-machine trial (generated keys, local mailbox, demo data); "production": everything explicit. */
  APP_ENV: z.enum(["local", "production"]).optional(),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address supporters use; links in emails and canonical URLs are built from it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_FILE: z.string().min(1).optional(),
  MIGRATIONS_DIR: z.string().min(1).default("db/migrations"),
  /** Express "trust proxy" setting: "false", "loopback", a hop count, or a list of addresses. */
  TRUST_PROXY: z.string().default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long a public page may be served from the in-memory page cache. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(2),
  /** Largest request body accepted, in bytes (413 above it). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  SEED_ON_START: bool.optional(),

  /** "smtp" delivers through SMTP_URL; "mailbox" keeps messages on the local /mailbox page. */
  MAIL_TRANSPORT: z.enum(["smtp", "mailbox"]).optional(),
  /** smtp://user:password@host:port (or smtps:// for implicit TLS). */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The platform's own sender address; supporters' addresses are never put in From. */
  MAIL_FROM: z.email().optional(),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  /** Multiplies the outbox's retry delays (30 s, 2 min, 10 min … about two days in all). */
  MAIL_RETRY_SCALE: z.coerce.number().min(0.001).max(100).default(1),
  /** Letters delivered to any one recipient per hour, at most (the rest wait their turn). */
  LETTERS_PER_RECIPIENT_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(20),

  /** Per client address: signing submissions allowed in a short window ("count/seconds"). */
  RATE_LIMIT_BURST: z.string().regex(/^\d+\/\d+$/).default("10/60"),
  /** Per client address: signing submissions allowed over a longer window. */
  RATE_LIMIT_SUSTAINED: z.string().regex(/^\d+\/\d+$/).default("60/3600"),
  /** Per email address: submissions allowed (across petitions and letters). */
  RATE_LIMIT_EMAIL: z.string().regex(/^\d+\/\d+$/).default("6/3600"),
  /** Days after a petition closes before its signers' names, emails and comments are anonymised. */
  RETENTION_SIGNATURES_DAYS: z.coerce.number().int().min(0).max(3650).default(183),
  /** Days after delivery before a letter's text and its writer's identity are scrubbed. */
  RETENTION_LETTERS_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Days before client-address hashes are dropped. */
  RETENTION_IP_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /**
   * Worker threads for signature exports. 0 (the default): exports run on the main thread, a batch at a time,
   * which keeps the server's memory lowest; each worker makes exports faster and adds 50–80 MB to their peak.
   */
  EXPORT_WORKERS: z.coerce.number().int().min(0).max(8).default(0),
  /** Public counts below this (per country or other small group) are shown as "fewer than N". */
  PUBLIC_COUNT_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(10),
});

export type Env = ReturnType<typeof readEnv>;

export function readEnv(source: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const appEnv = raw.APP_ENV ?? (raw.NODE_ENV === "production" ? "production" : "local");
  const isLocal = appEnv === "local";
  if (!isLocal && !raw.PUBLIC_URL) {
    throw new Error("Invalid configuration:\n  PUBLIC_URL: required in production (for example https://justice1988.org)");
  }
  const publicUrl = new URL(raw.PUBLIC_URL ?? `http://localhost:${raw.PORT || 3000}`);
  const dataDir = path.resolve(raw.DATA_DIR);
  const mailTransport = raw.MAIL_TRANSPORT ?? (raw.SMTP_URL ? "smtp" : isLocal ? "mailbox" : null);
  if (!mailTransport) {
    throw new Error(
      "Invalid configuration:\n  SMTP_URL: required in production to deliver email (or set MAIL_TRANSPORT=mailbox to keep messages on the local /mailbox page instead)",
    );
  }
  if (mailTransport === "smtp" && !raw.SMTP_URL) throw new Error("Invalid configuration:\n  SMTP_URL: required when MAIL_TRANSPORT=smtp");
  return {
    nodeEnv: raw.NODE_ENV,
    appEnv,
    isLocal,
    isProduction: raw.NODE_ENV === "production",
    host: raw.HOST,
    port: raw.PORT,
    publicUrl: publicUrl.origin,
    /** HTTPS in front of us (directly or through a TLS-terminating proxy): HSTS and Secure cookies. */
    isHttps: publicUrl.protocol === "https:",
    dataDir,
    databaseFile: path.resolve(dataDir, raw.DATABASE_FILE ?? "platform.db"),
    migrationsDir: path.resolve(raw.MIGRATIONS_DIR),
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    logLevel: raw.LOG_LEVEL,
    pageCacheSeconds: raw.PAGE_CACHE_SECONDS,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    seedOnStart: raw.SEED_ON_START ?? true,
    mail: {
      transport: mailTransport,
      smtpUrl: raw.SMTP_URL ?? null,
      from: raw.MAIL_FROM ?? `no-reply@${publicUrl.hostname === "localhost" ? "localhost.localdomain" : publicUrl.hostname}`,
      poolSize: raw.SMTP_POOL_SIZE,
      retryScale: raw.MAIL_RETRY_SCALE,
      lettersPerRecipientPerHour: raw.LETTERS_PER_RECIPIENT_PER_HOUR,
    },
    rateLimits: {
      burst: parseRate(raw.RATE_LIMIT_BURST),
      sustained: parseRate(raw.RATE_LIMIT_SUSTAINED),
      email: parseRate(raw.RATE_LIMIT_EMAIL),
    },
    publicCountThreshold: raw.PUBLIC_COUNT_THRESHOLD,
    exportWorkers: raw.EXPORT_WORKERS,
    retention: {
      signaturesAfterCloseDays: raw.RETENTION_SIGNATURES_DAYS,
      letterBodyDays: raw.RETENTION_LETTERS_DAYS,
      ipHashDays: raw.RETENTION_IP_DAYS,
    },
  };
}

function parseRate(value: string) {
  const [points, seconds] = value.split("/").map(Number) as [number, number];
  return { points, seconds };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "false" || value === "") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

let cached: Env | undefined;

/** The configuration of this process (validated on first use). */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/** For tests that start several configurations in one process. */
export function resetEnvForTests() {
  cached = undefined;
}
