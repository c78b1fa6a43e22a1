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
});

export type Env = ReturnType<typeof readEnv>;

export function readEnv(source: NodeJS.ProcessEnv = process.env) {
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
  };
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
