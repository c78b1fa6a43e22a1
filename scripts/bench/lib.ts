// Shared pieces of the benchmark (npm run bench): where things are, the petition it uses, child processes
// started with tsx, statistics, and small HTTP helpers. Nothing here imports the platform's own code.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import zlib from "node:zlib";

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const benchDir = path.join(projectRoot, "scripts", "bench");
/** Everything the bench writes (databases, key file, builds of the baseline, results): git-ignored. */
export const workDir = path.join(projectRoot, "tmp", "bench");

/** The seeded campaign's petition, which every scenario uses. */
export const petitionSlug = "1988-massacre-justice";
export const campaignPages = ["/", "/fa"];
export const petitionPages = [`/petitions/${petitionSlug}`, `/fa/petitions/${petitionSlug}`];
export const publicPages = [...campaignPages, ...petitionPages];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a TypeScript file of this directory in its own Node process (through tsx's loader). */
export function spawnTs(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; ipc?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(benchDir, file), ...args], {
    cwd: projectRoot,
    env: options.env ?? process.env,
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
}

/** Runs a child process to its end; rejects with its output when it fails. */
export function runToEnd(child: ChildProcess, what: string): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-4000)}${stdout.slice(-2000)}`));
    });
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Client addresses for X-Forwarded-For: the n-th address of 10.0.0.0/8 (skipping .0 and .255 host parts), so
 * that a run of requests comes from as many distinct clients as it has requests. Only a header value: no
 * traffic ever goes to these addresses.
 */
export function clientAddress(n: number): string {
  const host = n % 254;
  const rest = Math.floor(n / 254);
  return `10.${Math.floor(rest / 256) % 256}.${rest % 256}.${host + 1}`;
}

/** Addresses per load run: runs get disjoint ranges, so no address is ever reused within a bench. */
export const addressesPerRun = 200_000;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire (compressed when the server compressed them). */
  raw: Buffer;
  /** The body decompressed, as text. */
  text: string;
}

/**
 * A request as a browser behind the reverse proxy would send it (node:http rather than fetch, which would
 * decompress the body and hide how many bytes were sent). No redirect is followed.
 */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: decompress(raw, res.headers["content-encoding"]).toString("utf8") });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

export function decompress(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "gzip") return zlib.gunzipSync(raw);
  if (encoding === "br") return zlib.brotliDecompressSync(raw);
  if (encoding === "deflate") return zlib.inflateSync(raw);
  return raw;
}

/** A page GET from one client address, accepting gzip (as every browser does). */
export function getPage(url: string, address: string, encoding = "gzip"): Promise<RawResponse> {
  return request(url, { headers: { "X-Forwarded-For": address, "Accept-Encoding": encoding, Accept: "text/html" } });
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies a SQLite database (and its WAL, if the file has one) to a new place. */
export function copyDatabase(from: string, to: string) {
  ensureDir(path.dirname(to));
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(to + suffix, { force: true });
  const files = [to];
  fs.copyFileSync(from, to);
  if (fs.existsSync(from + "-wal")) {
    fs.copyFileSync(from + "-wal", to + "-wal");
    files.push(to + "-wal");
  }
  // On disk before a server opens it, as a database at rest is: otherwise the kernel writes the copy's
  // hundreds of megabytes back some seconds later, in the middle of a measurement, and the server's first
  // checkpoint (its fsync) waits for all of it.
  for (const file of files) {
    const fd = fs.openSync(file, "r+");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Formats a number for the table: 12345.6 → "12,346". */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
