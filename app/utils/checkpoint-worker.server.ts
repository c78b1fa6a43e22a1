// The checkpointer's thread (see checkpointer.server.ts): its own connection to the database file, copying
// what the WAL holds back into the database (a PASSIVE checkpoint: it never waits for, nor blocks, the writer
// or the readers) whenever the main thread asks, and reporting how far it got.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

export interface CheckpointRequest {
  type: "checkpoint";
}

export interface CheckpointReply {
  type: "checkpointed";
  /** Frames in the WAL, and how many of them are now in the database (-1, -1: the WAL is not in use). */
  log: number;
  checkpointed: number;
  /** Nothing was committed since a pass that copied the whole WAL: there is nothing to copy. */
  idle: boolean;
  ms: number;
}

const { file } = workerData as { file: string };
const db = new Database(file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
// Changes whenever another connection commits: with nothing new written since a complete checkpoint, there
// is nothing to copy (a checkpoint would still take its locks and sync the file: milliseconds each time).
const dataVersion = db.prepare("PRAGMA data_version").pluck();
let done: { version: number; log: number; checkpointed: number } | null = null;

parentPort!.on("message", (request: CheckpointRequest) => {
  if (request.type !== "checkpoint") return;
  const started = performance.now();
  const version = dataVersion.get() as number;
  let row: { log: number; checkpointed: number };
  const idle = done !== null && done.version === version;
  if (idle) row = done!;
  else {
    row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    done = row.checkpointed === row.log ? { version, log: row.log, checkpointed: row.checkpointed } : null;
  }
  const reply: CheckpointReply = { type: "checkpointed", log: row.log, checkpointed: row.checkpointed, idle, ms: performance.now() - started };
  parentPort!.postMessage(reply);
});
