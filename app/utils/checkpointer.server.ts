// Checkpoints on a thread of their own.
//
// In WAL mode every commit appends the pages it changed to the WAL file, and a checkpoint later copies them
// back into the database. SQLite runs that checkpoint inside the commit that crosses wal_autocheckpoint, on
// the connection that wrote: here the event loop. With a million signatures every signature changes pages all
// over three large indexes, and copying them back took a quarter of the server's time during a surge
// (docs/performance.md). So the server turns the automatic checkpoint off and a worker thread with its own
// connection checkpoints instead (PASSIVE: it neither waits for nor blocks the writer and the readers).
//
// The WAL starts again from its beginning only after a checkpoint by the writing connection itself (seen in
// the tests: after the worker's, however complete, the WAL keeps growing). So the main thread still runs a
// checkpoint (between two of its own transactions) whenever the worker reports a WAL beyond
// `mainThreadFrames` (16 MB): by then the worker has copied nearly everything, and it costs little. If the worker cannot start or stops, the connection's own
// automatic checkpoint is switched back on. See docs/decisions/0021-group-commit.md.
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-worker.server";

export interface CheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** WAL frames since its last restart beyond which the main thread checkpoints itself. */
  mainThreadFrames?: number;
  /** The automatic checkpoint restored if the worker stops. */
  fallbackFrames?: number;
  onError?: (message: string) => void;
}

export interface Checkpointer {
  /** The latest report of the worker. */
  readonly last: CheckpointReply | null;
  /** Checkpoints the main thread ran itself (the worker could not catch up). */
  readonly mainThreadRuns: number;
  /** Asks for a checkpoint now and resolves with the report. */
  checkpointNow(): Promise<CheckpointReply>;
  stop(): Promise<void>;
}

function newWorker(file: string): Worker {
  const here = new URL(import.meta.url);
  const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 };
  // The built file next to the server bundle (build/checkpoint-worker.js), or the source through tsx (tests).
  if (!here.pathname.endsWith(".ts")) return new Worker(new URL("./checkpoint-worker.js", here), { workerData: { file }, resourceLimits });
  const source = new URL("./checkpoint-worker.server.ts", here).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { file } });
}

/** Starts checkpointing `client`'s database file on a worker thread. */
export function startCheckpointer(client: Database.Database, options: CheckpointerOptions = {}): Checkpointer {
  const { intervalMs = 200, mainThreadFrames = 4000, fallbackFrames = 8000, onError } = options;
  const worker = newWorker(client.name);
  let last: CheckpointReply | null = null;
  let mainThreadRuns = 0;
  let stopped = false;
  let inFlight = false;
  const waiting: ((reply: CheckpointReply) => void)[] = [];
  client.pragma("wal_autocheckpoint = 0");

  const fallBack = (message: string) => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    if (client.open) client.pragma(`wal_autocheckpoint = ${fallbackFrames}`);
    onError?.(message);
  };

  const ask = () => {
    if (stopped || inFlight) return;
    inFlight = true;
    worker.postMessage({ type: "checkpoint" } satisfies CheckpointRequest);
  };

  worker.on("message", (reply: CheckpointReply) => {
    inFlight = false;
    last = reply;
    for (const resolve of waiting.splice(0)) resolve(reply);
    if (reply.log > mainThreadFrames && client.open && !client.inTransaction) {
      // The writer kept ahead of the worker: copy the rest now, while nothing else appends.
      mainThreadRuns += 1;
      client.pragma("wal_checkpoint(PASSIVE)");
    }
  });
  worker.on("error", (error) => fallBack(`checkpoint worker failed: ${error.message}`));
  worker.on("exit", (code) => {
    if (code !== 0) fallBack(`checkpoint worker stopped (exit code ${code})`);
  });
  worker.unref();

  const timer = setInterval(ask, intervalMs);
  timer.unref();

  return {
    get last() {
      return last;
    },
    get mainThreadRuns() {
      return mainThreadRuns;
    },
    checkpointNow() {
      return new Promise((resolve, reject) => {
        if (stopped) return reject(new Error("the checkpointer has stopped"));
        waiting.push(resolve);
        ask();
      });
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        if (client.open) client.pragma(`wal_autocheckpoint = ${fallbackFrames}`);
      }
      await worker.terminate();
    },
  };
}
