// Signature exports on worker threads, when EXPORT_WORKERS asks for them. An export of a million signatures
// is CPU work (reading, decrypting, writing CSV); by default it runs on the main thread a batch (~10 ms) at a
// time (exportSignatures), which keeps the server's memory lowest. With workers, the id range is cut into
// windows that the workers read in parallel from their own read-only connections; the main thread only puts
// the chunks back in order and writes them to the response. At most two windows per worker are in flight, so
// memory stays bounded however large the export. If a worker cannot start, the export runs on the main
// thread. See docs/decisions/0019-export-decryption.md and 0022-export-bytes.md.
import { Worker } from "node:worker_threads";
import type { Db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { logger } from "../utils/logger.server";
import { filtersToMessage, type WorkerReply, type WorkerRequest } from "./export-worker.server";
import { exportSignatures, largestId, SignatureBatchReader, type ExportFilters, type ExportOptions } from "./exports.server";

interface PoolWorker {
  worker: Worker;
  /** Replies for each job, by job id. */
  listeners: Map<number, (reply: WorkerReply) => void>;
}

let pool: PoolWorker[] | null = null;
let nextJob = 1;

/**
 * A worker running the built file next to the server bundle (build/export-worker.js), or, when this module
 * runs from its TypeScript source (tests), the source through tsx.
 */
function newWorker(workerData: unknown): Worker {
  const here = new URL(import.meta.url);
  // A worker holds at most two windows of rows at a time: small heaps keep the process's memory flat.
  const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };
  if (!here.pathname.endsWith(".ts")) return new Worker(new URL("./export-worker.js", here), { workerData, resourceLimits });
  const source = new URL("./export-worker.server.ts", here).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function startWorker(file: string): PoolWorker {
  const worker = newWorker({ file });
  const entry: PoolWorker = { worker, listeners: new Map() };
  worker.on("message", (reply: WorkerReply) => entry.listeners.get(reply.job)?.(reply));
  const fail = (message: string) => {
    logger().error({ err: message }, "export worker stopped");
    for (const [job, listener] of entry.listeners) listener({ type: "error", job, seq: null, message: `export worker stopped: ${message}` });
    entry.listeners.clear();
    // The next export starts a new pool.
    if (pool?.includes(entry)) pool = null;
  };
  worker.on("error", (error) => fail(error.message));
  worker.on("exit", (code) => {
    if (code !== 0) fail(`exit code ${code}`);
  });
  worker.unref();
  return entry;
}

function workers(): PoolWorker[] {
  const size = env().exportWorkers;
  if (size === 0) return [];
  if (!pool) {
    try {
      pool = Array.from({ length: size }, () => startWorker(env().databaseFile));
    } catch (error) {
      logger().error({ err: (error as Error).message }, "export workers could not start; exporting on the main thread");
      return [];
    }
  }
  return pool;
}

/** How many export workers are running (they start with the first export that uses them). */
export function exportWorkerCount(): number {
  return pool?.length ?? 0;
}

/** Stops the workers (at shutdown, and between tests). */
export async function stopExportWorkers() {
  const current = pool;
  pool = null;
  await Promise.all((current ?? []).map((w) => w.worker.terminate()));
}

interface Deferred {
  promise: Promise<Uint8Array>;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: (bytes: Uint8Array) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<Uint8Array>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejection nobody awaits any more (the export was cancelled) must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The same stream as exportSignatures (same bytes, same errors), produced by the worker threads. Invalid
 * filters or options throw at once, before any worker is asked.
 */
export function streamSignatureExport(db: Db, filters: ExportFilters, options: ExportOptions, { windowIds = 4096 }: { windowIds?: number } = {}): ReadableStream<Uint8Array> {
  // Validates on this thread (and gives the header).
  const { header } = new SignatureBatchReader(db, filters, options);
  const pool = workers();
  if (!pool.length) return exportSignatures(db, filters, options);
  if (!(Number.isSafeInteger(windowIds) && windowIds > 0)) throw new Error("Bad export tuning");

  const job = nextJob++;
  const last = largestId(db);
  const windows = Math.ceil(last / windowIds);
  const pending = new Map<number, Deferred>();
  let dispatched = 0;
  let emitted = 0;
  let failure: Error | null = null;
  let closed = false;

  const onReply = (reply: WorkerReply) => {
    if (reply.type === "opened") return;
    if (reply.type === "error") {
      const error = new Error(reply.message);
      if (reply.seq === null) {
        failure = error;
        for (const d of pending.values()) d.reject(error);
      } else pending.get(reply.seq)?.reject(error);
      return;
    }
    pending.get(reply.seq)?.resolve(reply.bytes);
  };
  const post = (w: PoolWorker, message: WorkerRequest) => w.worker.postMessage(message);
  for (const w of pool) {
    w.listeners.set(job, onReply);
    post(w, { type: "open", job, filters: filtersToMessage(filters), options });
  }
  const finish = () => {
    if (closed) return;
    closed = true;
    for (const w of pool) {
      w.listeners.delete(job);
      post(w, { type: "close", job });
    }
  };
  const dispatch = () => {
    while (!failure && dispatched < windows && dispatched - emitted < pool.length * 2) {
      const seq = dispatched++;
      const d = deferred();
      pending.set(seq, d);
      const after = seq * windowIds;
      post(pool[seq % pool.length]!, { type: "batch", job, seq, after, end: Math.min(after + windowIds, last), limit: windowIds });
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (header) controller.enqueue(new TextEncoder().encode(header));
      },
      async pull(controller) {
        try {
          for (;;) {
            if (failure) throw failure;
            dispatch();
            if (emitted >= windows) {
              finish();
              controller.close();
              return;
            }
            const bytes = await pending.get(emitted)!.promise;
            pending.delete(emitted);
            emitted += 1;
            if (closed) return;
            if (bytes.length) {
              controller.enqueue(bytes);
              return;
            }
          }
        } catch (error) {
          finish();
          throw error;
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}
