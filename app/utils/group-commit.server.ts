// Group commit: the writes of many requests in one SQLite transaction, each answered after that commit.
//
// During a surge almost every request writes one small thing (a signature, a confirmation), and most of what a
// write costs is its commit: SQLite appends every page the transaction changed to the WAL (the table and each
// of its indexes, the tokens, the outbox), and fifty signatures touch nearly the same pages as one. So the
// work of the requests that arrive in the same turn of the event loop is queued, and run together at the end
// of that turn in one transaction, each in its own savepoint: a failing piece of work rolls back only itself
// and rejects only its own caller. Every caller's promise settles after the commit, so nothing is
// acknowledged before it is durable (docs/decisions/0021-group-commit.md).
import type Database from "better-sqlite3";
import type { Db } from "./db.server";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most pieces of work in one transaction; more wait for the next turn. */
export const maxGroupSize = 256;

interface Queue {
  pending: Pending[];
  scheduled: boolean;
  /** Holds in force (holdCommits): while any is, the queued work waits. */
  held: number;
}

const queues = new WeakMap<Database.Database, Queue>();

function queueOf(client: Database.Database): Queue {
  let queue = queues.get(client);
  if (!queue) queues.set(client, (queue = { pending: [], scheduled: false, held: 0 }));
  return queue;
}

/**
 * Runs `work` (synchronous database work, in a savepoint of its own) in a transaction shared with the other work queued in this turn of the event loop; resolves with its result once
 * that transaction has committed, or rejects with its own error (its writes undone) or with the commit's.
 */
export function commitGrouped<T>(database: Db, work: () => T): Promise<T> {
  const q = queueOf(database.$client);
  return new Promise<T>((resolve, reject) => {
    q.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
    schedule(database.$client, q);
  });
}

function schedule(client: Database.Database, queue: Queue) {
  if (queue.scheduled || queue.held > 0 || queue.pending.length === 0) return;
  queue.scheduled = true;
  setImmediate(() => flush(client, queue));
}

/**
 * Keeps the grouped work on `client` queued (its callers waiting) until the returned function is called.
 * The checkpointer holds commits while its worker copies the last of the WAL, so that the copy completes and
 * the WAL can start again from its beginning without a checkpoint on the event loop
 * (app/utils/checkpointer.server.ts). Work already running is not affected; other writes are not held.
 */
export function holdCommits(client: Database.Database): () => void {
  const queue = queueOf(client);
  queue.held += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    queue.held -= 1;
    schedule(client, queue);
  };
}

const statements = new WeakMap<Database.Database, { savepoint: Database.Statement; release: Database.Statement; rollback: Database.Statement }>();

function statementsOf(client: Database.Database) {
  let compiled = statements.get(client);
  if (!compiled) {
    compiled = {
      savepoint: client.prepare("SAVEPOINT grouped"),
      release: client.prepare("RELEASE grouped"),
      rollback: client.prepare("ROLLBACK TO grouped"),
    };
    statements.set(client, compiled);
  }
  return compiled;
}

function flush(client: Database.Database, queue: Queue) {
  queue.scheduled = false;
  if (queue.held > 0) return;
  const group = queue.pending.splice(0, maxGroupSize);
  schedule(client, queue);
  if (group.length === 0) return;

  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  const sql = statementsOf(client);
  // A savepoint's journal keeps the original of every page its work changes (a dozen per signature). Past
  // 64 KB SQLite writes that journal to a temporary file, one write per page: about 25 system calls per
  // signature, ~40 µs of its system time. The group's journals stay in memory instead (a few MB at most: up to
  // maxGroupSize small pieces of work). SQLite decides where when the transaction begins, and a PRAGMA acts
  // when it is compiled (exec compiles it each time); the default (files) comes back after the commit, so
  // that other work's temporary tables (sorting and grouping a million rows) do not grow in memory.
  try {
    client.exec("PRAGMA temp_store = MEMORY");
    client
      .transaction(() => {
        for (const item of group) {
          // Each piece in a savepoint of its own: a failure undoes only its own writes.
          sql.savepoint.run();
          try {
            const value = item.work();
            sql.release.run();
            outcomes.push({ ok: true, value });
          } catch (error) {
            sql.rollback.run();
            sql.release.run();
            outcomes.push({ ok: false, error });
          }
        }
      })
      .immediate();
  } catch (error) {
    // BEGIN or COMMIT failed (the database stayed locked by another process, or was closed): nothing was written.
    for (const item of group) item.reject(error);
    return;
  } finally {
    if (client.open) client.exec("PRAGMA temp_store = DEFAULT");
  }
  group.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}
