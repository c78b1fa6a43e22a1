// A worker thread for signature exports (started by export-pool.server.ts). It opens its own read-only
// connection to the database and answers "batch" messages with the bytes of the lines of one window of ids,
// so that exports run beside the server's main thread, on another core, instead of inside it.
// Built into build/export-worker.js by scripts/build-workers.mjs.
import { parentPort, workerData } from "node:worker_threads";
import { openReadOnly } from "../utils/db.server";
import { SignatureBatchReader, type ExportFilters, type ExportOptions } from "./exports.server";

export type WorkerRequest =
  | { type: "open"; job: number; filters: ExportFiltersMessage; options: ExportOptions }
  | { type: "batch"; job: number; seq: number; after: number; end: number; limit: number }
  | { type: "close"; job: number };

export type WorkerReply =
  | { type: "opened"; job: number }
  | { type: "batch"; job: number; seq: number; bytes: Uint8Array; count: number; lastId: number | null }
  | { type: "error"; job: number; seq: number | null; message: string };

/** Filters as they cross the thread boundary (dates as milliseconds). */
export type ExportFiltersMessage = Omit<ExportFilters, "from" | "to"> & { from?: number; to?: number };

export function filtersToMessage(filters: ExportFilters): ExportFiltersMessage {
  return { ...filters, from: filters.from?.getTime(), to: filters.to?.getTime() };
}

function filtersFromMessage(m: ExportFiltersMessage): ExportFilters {
  return { ...m, from: m.from === undefined ? undefined : new Date(m.from), to: m.to === undefined ? undefined : new Date(m.to) };
}

if (parentPort) {
  const port = parentPort;
  const { file } = workerData as { file: string };
  const db = openReadOnly(file);
  const readers = new Map<number, SignatureBatchReader>();

  port.on("message", (message: WorkerRequest) => {
    switch (message.type) {
      case "open":
        try {
          readers.set(message.job, new SignatureBatchReader(db, filtersFromMessage(message.filters), message.options));
          port.postMessage({ type: "opened", job: message.job } satisfies WorkerReply);
        } catch (error) {
          port.postMessage({ type: "error", job: message.job, seq: null, message: String((error as Error).message) } satisfies WorkerReply);
        }
        return;
      case "batch": {
        const reader = readers.get(message.job);
        if (!reader) return; // closed meanwhile
        try {
          const batch = reader.batch(message.after, message.end, message.limit);
          const bytes = batch.bytes;
          const reply: WorkerReply = { type: "batch", job: message.job, seq: message.seq, bytes, count: batch.count, lastId: batch.lastId };
          port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
        } catch (error) {
          port.postMessage({ type: "error", job: message.job, seq: message.seq, message: String((error as Error).message) } satisfies WorkerReply);
        }
        return;
      }
      case "close":
        readers.delete(message.job);
        return;
    }
  });
}
