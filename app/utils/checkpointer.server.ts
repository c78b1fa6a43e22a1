// Checkpoints on a thread of their own.
//
// In WAL mode every commit appends the pages it changed to the WAL file, and a checkpoint later copies them
// back into the database. SQLite runs that checkpoint inside the commit that crosses wal_autocheckpoint, on
// the connection that wrote: here the event loop. With a million signatures every signature changes pages all
// over three large indexes, and copying them back took a quarter of the server's time during a surge
// (docs/performance.md). So the server turns the automatic checkpoint off and a worker thread with its own
// connection checkpoints instead (PASSIVE: it neither waits for nor blocks the writer and the readers).
//
// The WAL starts again from its beginning at the first write after a checkpoint that copied all of it. During
// a surge the worker's passes never quite do: more is committed while each one copies. So when the WAL passes
// `restartFrames` (16 MB) the grouped writes (signing, confirming: app/utils/group-commit.server.ts) are
// held back for one more pass of the worker, which then copies everything, and the next write starts the WAL
// again. The event loop stays free meanwhile (pages are served, the held requests are parsed and checked),
// where a checkpoint of its own would block it for tens of milliseconds with a million signatures stored
// (docs/performance.md). If that pass still leaves something (a write outside the groups, a reader in
// another process), the main thread copies the rest itself. If the worker cannot start or stops, the
// connection's own automatic checkpoint is switched back on. See docs/decisions/0021-group-commit.md.
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-worker.server";
import { holdCommits } from "./group-commit.server";

export interface CheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** WAL frames since its last restart beyond which grouped writes wait for a complete pass of the worker. */
  restartFrames?: number;
  /** The longest grouped writes are held for that pass. */
  maxHoldMs?: number;
  /** The automatic checkpoint restored if the worker stops. */
  fallbackFrames?: number;
  onError?: (message: string) => void;
}

export interface Checkpointer {
  /** The latest report of the worker. */
  readonly last: CheckpointReply | null;
  /** Times grouped writes were held so that the worker could copy the whole WAL. */
  readonly holds: number;
  /** Checkpoints in which the main thread had to copy frames itself (written during the held pass, outside the groups). */
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
  const { intervalMs = 200, restartFrames = 4000, maxHoldMs = 250, fallbackFrames = 8000, onError } = options;
  const worker = newWorker(client.name);
  let last: CheckpointReply | null = null;
  let holds = 0;
  let mainThreadRuns = 0;
  let stopped = false;
  let inFlight = false;
  // While grouped writes are held for a pass of the worker: lets them go (once).
  let hold: { release: () => void; timer: NodeJS.Timeout } | null = null;
  // A pass asked for with the grouped writes held is under way (they may have been let go already: maxHoldMs).
  let heldPass = false;
  const waiting: ((reply: CheckpointReply) => void)[] = [];
  client.pragma("wal_autocheckpoint = 0");

  const releaseHold = () => {
    if (!hold) return;
    clearTimeout(hold.timer);
    hold.release();
    hold = null;
  };

  const fallBack = (message: string) => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    releaseHold();
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
    const afterHold = heldPass;
    heldPass = false;
    releaseHold();
    // Nothing to do while the WAL is short, or while nothing is written after it was all copied (the next write
    // starts it again).
    if (stopped || reply.log <= restartFrames || reply.idle) return;
    if (!afterHold) {
      // The writers kept ahead of the worker: hold the grouped ones back for one more pass, which copies the rest.
      holds += 1;
      heldPass = true;
      hold = { release: holdCommits(client), timer: setTimeout(releaseHold, maxHoldMs).unref() };
      ask();
      return;
    }
    // The pass copied the WAL as it was when it started. Whatever was written since (by a write outside the
    // groups, or after maxHoldMs) is copied here, so that the WAL stays bounded whatever writes; when nothing
    // was, this finds nothing to copy and costs next to nothing.
    if (client.open && !client.inTransaction) {
      const [row] = client.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
      if (row && row.log > reply.log) mainThreadRuns += 1;
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
    get holds() {
      return holds;
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
        releaseHold();
        if (client.open) client.pragma(`wal_autocheckpoint = ${fallbackFrames}`);
      }
      await worker.terminate();
    },
  };
}
