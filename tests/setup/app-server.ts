// Starts the real production build (build/index.js) as a child process with its own data directory, on a
// free loopback port, and stops it. Used by the end-to-end fixtures and by tests that need a server with
// special settings (a low rate limit, a stopped SMTP server, a crash).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

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

/** Hosts of every platform server this test process started: pages may talk to these, and to nothing else. */
export const platformHosts = new Set<string>();

// The data directories this process made (databases, keys, logs of test servers): removed when it exits, so
// that runs do not pile them up in tmp/. KEEP_TEST_DATA=1 keeps them for a look after a failure.
const madeDirs = new Set<string>();
process.on("exit", () => {
  if (process.env.KEEP_TEST_DATA === "1") return;
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export interface AppServerOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** How long to wait for the server to listen before giving up (default 30 s; more on a busy machine). */
  startTimeoutMs?: number;
}

export class AppServer {
  url = "";
  port = 0;
  dataDir = "";
  logs: string[] = [];
  private child: ChildProcess | null = null;
  private options: AppServerOptions;

  constructor(options: AppServerOptions = {}) {
    this.options = options;
  }

  async start(): Promise<this> {
    this.port = this.port || (await freePort());
    this.url = `http://127.0.0.1:${this.port}`;
    platformHosts.add(new URL(this.url).host);
    fs.mkdirSync(path.join(projectRoot, "tmp"), { recursive: true });
    if (!this.dataDir) {
      this.dataDir = this.options.dataDir ?? fs.mkdtempSync(path.join(projectRoot, "tmp", "e2e-"));
      if (!this.options.dataDir) madeDirs.add(this.dataDir);
    }
    fs.mkdirSync(this.dataDir, { recursive: true });
    const child = spawn(process.execPath, ["build/index.js"], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        APP_ENV: "local",
        HOST: "127.0.0.1",
        PORT: String(this.port),
        PUBLIC_URL: this.url,
        DATA_DIR: this.dataDir,
        LOG_LEVEL: "info",
        ...this.options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.logs.join("")}`)), this.options.startTimeoutMs ?? 30_000);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        this.logs.push(text);
        if (text.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => this.logs.push(chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.logs.join("")}`));
      });
    });
    try {
      await ready;
    } catch (error) {
      // A server that did not come up in time is not left running.
      if (this.child === child) this.child = null;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      throw error;
    }
    return this;
  }

  /** The server process's id while it runs (to read its memory from /proc), or undefined. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the server process is still running (it has not exited, crashed or been stopped). */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A crash: the process is killed at once (SIGKILL by default), with no chance to finish anything. */
  async kill(signal: NodeJS.Signals = "SIGKILL") {
    await this.stop(signal);
  }

  /** Stops the server: SIGTERM for a clean shutdown, SIGKILL for a crash. */
  async stop(signal: NodeJS.Signals = "SIGTERM") {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  get log(): string {
    return this.logs.join("");
  }
}
