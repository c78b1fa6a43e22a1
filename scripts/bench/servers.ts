// The processes the bench starts and stops: the platform (the production build, build/index.js, exactly as
// `npm start` runs it), the bare node:http "hello" server, the baseline Remix app, and the SMTP sink. Each
// runs in its own process, on a free loopback port.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, projectRoot, spawnTs } from "./lib";
import type { LoadAnswer, LoadConfig, LoadResult } from "./load";
import type { SinkRequest, SinkStats } from "./smtp-sink";

/** A child process whose output is kept (the tail of it) for error messages and for the report. */
export class Service {
  readonly name: string;
  readonly child: ChildProcess;
  url = "";
  /** A platform's database file. */
  database = "";
  private output = "";
  /** Log lines at warn level or above (the platform logs JSON lines), counted by message. */
  readonly warnings = new Map<string, number>();
  private exited: Promise<void>;

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    let pending = "";
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-100_000);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) this.countWarning(line);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get log(): string {
    return this.output;
  }

  private countWarning(line: string) {
    if (!line.startsWith("{")) return;
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === "warn" || entry.level === "error" || entry.level === "fatal") {
        const key = `${entry.level}: ${entry.msg ?? "?"}`;
        this.warnings.set(key, (this.warnings.get(key) ?? 0) + 1);
      }
    } catch {
      // Not a log line.
    }
  }

  /** Resolves when the output contains the text (the service is ready); rejects if it exits first. */
  waitFor(text: string, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.output.slice(-3000)}`)), timeoutMs);
      const onData = () => {
        if (this.output.includes(text)) done();
      };
      const onExit = (code: number | null) => fail(new Error(`${this.name} exited (${code}) before it was ready:\n${this.output.slice(-3000)}`));
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stdout?.off("data", onData);
        this.child.stderr?.off("data", onData);
        this.child.off("exit", onExit);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      this.child.stdout?.on("data", onData);
      this.child.stderr?.on("data", onData);
      this.child.once("exit", onExit);
      onData();
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (the platform shuts down cleanly), then SIGKILL if it is still there after 15 s. */
  async stop() {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(killer);
  }
}

export interface PlatformOptions {
  dataDir: string;
  keyFile: string;
  smtpPort: number;
  /** Extra or different settings. */
  env?: Record<string, string>;
}

/**
 * The platform's production build, in production mode with every required setting, behind a "reverse proxy"
 * on loopback (TRUST_PROXY=loopback: X-Forwarded-For names the client), logging warnings only.
 */
export async function startPlatform(options: PlatformOptions): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["build/index.js"], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: url,
      DATA_DIR: options.dataDir,
      KEY_FILE: options.keyFile,
      SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}`,
      MAIL_FROM: "no-reply@example.org",
      TRUST_PROXY: "loopback",
      LOG_LEVEL: "warn",
      // Passed through for investigation (for example EXPORT_WORKERS=1 npm run bench, or
      // BENCH_NODE_OPTIONS="--require ./profiler.cjs" to load an inspector-based profiler into the platforms).
      ...(process.env.EXPORT_WORKERS ? { EXPORT_WORKERS: process.env.EXPORT_WORKERS } : {}),
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const service = new Service("platform", child);
  service.url = url;
  service.database = path.join(options.dataDir, "platform.db");
  // With LOG_LEVEL=warn the "listening" line is not logged: readiness is the first answer to a request.
  await waitUntilAnswering(service, url);
  return service;
}

async function waitUntilAnswering(service: Service, url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!service.running) throw new Error(`${service.name} exited before it was ready:\n${service.log.slice(-3000)}`);
    try {
      const response = await fetch(`${url}/favicon.svg`, { headers: { "X-Forwarded-For": "192.0.2.1" } });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${service.name} did not answer within ${timeoutMs} ms:\n${service.log.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function startListening(name: string, file: string, env: NodeJS.ProcessEnv = process.env): Promise<Service> {
  const service = new Service(name, spawnTs(file, ["0"], { env }));
  await service.waitFor("listening ");
  const port = /listening (\d+)/.exec(service.log)![1];
  service.url = `http://127.0.0.1:${port}`;
  return service;
}

/** The pages' baseline: node:http answering "hello". */
export function startHello(): Promise<Service> {
  return startListening("hello server", "hello-server.ts");
}

/** The baseline Remix app (build it first with buildRemixBaseline). */
export function startRemixBaseline(): Promise<Service> {
  return startListening("baseline Remix app", "baseline-remix/server.ts", { ...process.env, NODE_ENV: "production" });
}

/** The SMTP sink, in its own process at the lowest CPU priority (it stands for another machine). */
export class Sink {
  readonly service: Service;
  readonly port: number;

  private constructor(service: Service, port: number) {
    this.service = service;
    this.port = port;
  }

  static async start(): Promise<Sink> {
    const service = new Service("SMTP sink", spawnTs("smtp-sink.ts", ["0"], { ipc: true }));
    await service.waitFor("listening ");
    try {
      os.setPriority(service.pid, 19);
    } catch {
      // Not allowed here: it runs at normal priority.
    }
    return new Sink(service, Number(/listening (\d+)/.exec(service.log)![1]));
  }

  private ask(request: SinkRequest): Promise<SinkStats> {
    return new Promise((resolve, reject) => {
      const child = this.service.child;
      child.once("message", (message) => resolve(message as SinkStats));
      child.send(request, (error) => error && reject(error));
    });
  }

  reset(): Promise<SinkStats> {
    return this.ask({ type: "reset" });
  }

  stats(recipients = false): Promise<SinkStats> {
    return this.ask({ type: "stats", recipients });
  }

  stop() {
    return this.service.stop();
  }
}

/**
 * The load generator (load.ts): one process for the whole run, at normal priority, sent each load over IPC.
 * Started once, its client code is compiled by the first measurement, not re-started and cold for each.
 */
export class LoadGenerator {
  readonly service: Service;

  private constructor(service: Service) {
    this.service = service;
  }

  static async start(): Promise<LoadGenerator> {
    const service = new Service("load generator", spawnTs("load.ts", [], { ipc: true }));
    await service.waitFor("ready");
    return new LoadGenerator(service);
  }

  /** One load (the bench runs them one at a time). */
  run(config: LoadConfig): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const child = this.service.child;
      const onExit = () => reject(new Error(`the load generator exited:\n${this.service.log.slice(-3000)}`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        const answer = message as LoadAnswer;
        if ("error" in answer) reject(new Error(`load on ${config.url} failed: ${answer.error}`));
        else resolve(answer.result);
      });
      child.send(config, (error) => error && reject(error));
    });
  }

  stop() {
    return this.service.stop();
  }
}

/** The highest resident set size the process has had (VmHWM), in bytes; null when it cannot be read. */
export function peakMemory(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Builds the baseline Remix app with the repository's @remix-run/dev (the same compiler as the platform). */
export function remixBaselineDir(): string {
  return path.join(projectRoot, "scripts", "bench", "baseline-remix");
}
