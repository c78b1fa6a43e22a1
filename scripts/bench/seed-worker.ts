// A worker thread of seed.ts: prepares rows of signatures (the encryption and hashing) for the main thread
// to insert. Receives RowsPlan messages and answers each with its SignatureRow[].
import { parentPort } from "node:worker_threads";
import { makeRows, type RowsPlan } from "./seed-rows";

parentPort!.on("message", (plan: RowsPlan) => parentPort!.postMessage(makeRows(plan)));
