// The outbox: every email is a row written in the same transaction as the data it belongs to (so a
// signature never exists without its confirmation email, and vice versa), then delivered by a loop in the
// server process. Temporary failures are retried with backoff; permanent ones (5xx) stop at once. After a
// crash, messages that were being sent are queued again: a message whose delivery was accepted by the SMTP
// server just before the crash may be delivered once more (see docs/reliability.md), never lost. An outcome
// the database refuses to record (locked by another process) is kept in memory and recorded later.
import crypto from "node:crypto";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { isTemplateName, renderEmail, type TemplateData, type TemplateName } from "../../emails";
import type { Locale } from "../i18n";
import { decryptField, encryptField, lookupHash } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { isDatabaseBusy, preparedFor, schema } from "../utils/db.server";
import type { MailTransport, OutgoingMessage } from "./transport.server";

type Tx = Pick<Db, "insert" | "update" | "select" | "delete">;

export interface QueueEmailInput<K extends TemplateName> {
  template: K;
  locale: Locale;
  to: string;
  data: TemplateData[K];
  signatureId?: number;
  letterId?: number;
  /** Sender display name (the platform's address is always the sender address). */
  fromName?: string;
  /** Where replies go, only when the supporter chose to be reachable (letters). */
  replyTo?: string;
  /** Extra headers (List-Unsubscribe…). */
  headers?: Record<string, string>;
  /** Key for per-recipient pacing; defaults to a keyed hash of the address. */
  recipientKey?: string;
  notBefore?: Date;
}

interface StoredPayload {
  data: unknown;
  fromName?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called by the delivery loop: woken as soon as a message is queued, instead of waiting for its timer. */
export function onEmailQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function messageIdDomain(from: string): string {
  return from.slice(from.lastIndexOf("@") + 1) || "localhost";
}

/** Queues an email inside the caller's transaction. */
const insertKey = {};

/** The queue's insert, built once per connection (see preparedFor). */
function insertStatement(tx: Tx) {
  const p = (name: string) => sql.placeholder(name);
  return preparedFor(tx, insertKey, (d) =>
    d
      .insert(schema.outbox)
      .values({
        template: p("template"),
        locale: p("locale"),
        toEnc: p("toEnc"),
        payloadEnc: p("payloadEnc"),
        recipientKey: p("recipientKey"),
        status: "queued",
        nextAttemptAt: p("nextAttemptAt"),
        messageId: p("messageId"),
        signatureId: p("signatureId"),
        letterId: p("letterId"),
        createdAt: p("createdAt"),
      })
      .prepare(),
  );
}

export function queueEmail<K extends TemplateName>(tx: Tx, input: QueueEmailInput<K>, fromAddress: string, now = new Date()) {
  const payload: StoredPayload = { data: input.data, fromName: input.fromName, replyTo: input.replyTo, headers: input.headers };
  insertStatement(tx).run({
    template: input.template,
    locale: input.locale,
    toEnc: encryptField("outbox.to", input.to),
    payloadEnc: encryptField("outbox.payload", JSON.stringify(payload)),
    recipientKey: input.recipientKey ?? lookupHash("recipient", input.to.trim().toLowerCase()),
    nextAttemptAt: input.notBefore ?? now,
    messageId: `<${crypto.randomUUID()}@${messageIdDomain(fromAddress)}>`,
    signatureId: input.signatureId ?? null,
    letterId: input.letterId ?? null,
    createdAt: now,
  });
  // Wake the delivery loop once the surrounding (synchronous) transaction has committed (once for all the
  // messages queued in this turn of the event loop).
  if (!wakeScheduled) {
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      listeners.forEach((listener) => listener());
    });
  }
}

let wakeScheduled = false;

/** Seconds to wait before attempt n+1 after n failed attempts (about two days in all). */
export const retryDelays = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600];
export const maxAttempts = retryDelays.length + 1;

export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A description of a failure that is safe to store and show to staff (no addresses, no content). */
export function describeFailure(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; command?: string; message?: string };
  if (e.responseCode) return `SMTP ${e.responseCode}${e.command ? ` after ${e.command.split(" ")[0]}` : ""}`;
  if (e.code) return e.code;
  return "delivery error";
}

export interface DeliveryHooks {
  /** Called in the transaction that records a permanent failure (for example to pause a bouncing address). */
  onPermanentFailure?: (tx: Tx, row: typeof schema.outbox.$inferSelect, reason: string) => void;
  onDelivered?: (tx: Tx, row: typeof schema.outbox.$inferSelect) => void;
}

export interface OutboxWorkerOptions {
  db: Db;
  transport: MailTransport;
  fromAddress: string;
  defaultFromName: string;
  log?: Logger;
  /** Messages claimed per round. */
  batchSize?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  /** Idle polling interval (the loop is also woken when something is queued). */
  pollMs?: number;
  /** Multiplies the retry delays (tests shorten them; 1 in production). */
  retryScale?: number;
  /** Per-recipient pacing: at most `limit` messages to one recipient per `windowSeconds`. */
  recipientLimit?: { limit: number; windowSeconds: number; appliesTo: (template: string) => boolean };
  hooks?: DeliveryHooks;
  now?: () => Date;
  /**
   * Requests first: while `busy()` says the process is under a surge, delivery waits, but no message waits
   * more than `maxDelayMs` for it. A surge of signatures is then answered at full speed and its confirmation
   * emails follow within seconds.
   */
  yieldUnderLoad?: { busy: () => boolean; maxDelayMs: number };
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private wakeAgain = false;
  private unsubscribe: (() => void) | null = null;
  private current: Promise<void> | null = null;
  /**
   * Outcomes of deliveries that could not be written (the database stayed locked, for example): kept and
   * written at the next round, so a delivered message is not left in "sending" (and re-sent after a restart).
   */
  private unrecorded: { row: typeof schema.outbox.$inferSelect; write: () => void }[] = [];
  private readonly o: Required<Omit<OutboxWorkerOptions, "log" | "recipientLimit" | "hooks" | "yieldUnderLoad">> &
    Pick<OutboxWorkerOptions, "log" | "recipientLimit" | "hooks" | "yieldUnderLoad">;

  constructor(options: OutboxWorkerOptions) {
    this.o = { batchSize: 50, concurrency: 5, pollMs: 1000, retryScale: 1, now: () => new Date(), ...options };
  }

  /** Re-queues what a crashed process left in "sending", then starts delivering. */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.o.db.update(schema.outbox).set({ status: "queued" }).where(eq(schema.outbox.status, "sending")).run();
    this.unsubscribe = onEmailQueued(() => this.wake());
    this.wake();
  }

  async stop() {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
    // A last try; what is still unwritten stays "sending" and is sent again at the next start.
    this.recordPending();
  }

  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), 0);
  }

  private async loop() {
    this.timer = null;
    if (this.stopped || this.running) return;
    if (this.shouldYield()) {
      this.timer = setTimeout(() => void this.loop(), 100);
      return;
    }
    this.running = true;
    let delivered = 0;
    this.current = (async () => {
      try {
        delivered = await this.deliverDue();
      } catch (error) {
        this.o.log?.error({ err: error instanceof Error ? error.message : String(error) }, "outbox round failed");
      }
    })();
    await this.current;
    this.running = false;
    if (this.stopped) return;
    // More work right away if this round was full or something was queued meanwhile; otherwise poll.
    const again = this.wakeAgain || delivered >= this.o.batchSize;
    this.wakeAgain = false;
    this.timer = setTimeout(() => void this.loop(), again ? 0 : this.o.pollMs);
  }

  /** True when the process is busy answering requests and every due message may still wait a little. */
  private shouldYield(): boolean {
    const policy = this.o.yieldUnderLoad;
    if (!policy) return false;
    if (!policy.busy()) return false;
    const oldest = this.o.db
      .select({ at: sql<number | null>`min(${schema.outbox.nextAttemptAt})` })
      .from(schema.outbox)
      .where(eq(schema.outbox.status, "queued"))
      .get()?.at;
    return oldest === null || oldest === undefined || this.o.now().getTime() - oldest < policy.maxDelayMs;
  }

  /** Claims due messages and delivers them; returns how many were attempted. Exposed for tests. */
  async deliverDue(): Promise<number> {
    // Nothing new is claimed while earlier outcomes cannot be written (the database is still locked).
    if (!this.recordPending()) return 0;
    const rows = this.claim();
    if (rows.length === 0) return 0;
    let next = 0;
    const work = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        await this.deliver(row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, rows.length) }, work));
    return rows.length;
  }

  private claim() {
    const { db, batchSize, recipientLimit } = this.o;
    const now = this.o.now();
    return db.transaction((tx) => {
      const due = tx
        .select({ id: schema.outbox.id, recipientKey: schema.outbox.recipientKey, template: schema.outbox.template })
        .from(schema.outbox)
        .where(and(eq(schema.outbox.status, "queued"), lte(schema.outbox.nextAttemptAt, now)))
        .orderBy(asc(schema.outbox.nextAttemptAt), asc(schema.outbox.id))
        .limit(batchSize * 4)
        .all();
      if (due.length === 0) return [];
      let chosen = due.map((d) => d.id);
      if (recipientLimit) {
        // Pace messages per recipient: count what was sent (or is being sent) to each within the window.
        const since = new Date(now.getTime() - recipientLimit.windowSeconds * 1000);
        const keys = [...new Set(due.filter((d) => recipientLimit.appliesTo(d.template)).map((d) => d.recipientKey))];
        const used = new Map<string, number>();
        if (keys.length) {
          const counts = tx
            .select({ key: schema.outbox.recipientKey, n: sql<number>`count(*)` })
            .from(schema.outbox)
            .where(
              and(
                inArray(schema.outbox.recipientKey, keys),
                sql`(${schema.outbox.status} = 'sending' OR (${schema.outbox.status} = 'sent' AND ${schema.outbox.sentAt} > ${since.getTime()}))`,
              ),
            )
            .groupBy(schema.outbox.recipientKey)
            .all();
          for (const c of counts) used.set(c.key, c.n);
        }
        const deferred: number[] = [];
        chosen = [];
        for (const d of due) {
          if (!recipientLimit.appliesTo(d.template)) {
            chosen.push(d.id);
            continue;
          }
          const n = used.get(d.recipientKey) ?? 0;
          if (n < recipientLimit.limit) {
            used.set(d.recipientKey, n + 1);
            chosen.push(d.id);
          } else deferred.push(d.id);
        }
        if (deferred.length) {
          // Try these again when the window has moved on.
          tx.update(schema.outbox)
            .set({ nextAttemptAt: new Date(now.getTime() + Math.min(60, recipientLimit.windowSeconds) * 1000) })
            .where(inArray(schema.outbox.id, deferred))
            .run();
        }
      }
      chosen = chosen.slice(0, batchSize);
      if (chosen.length === 0) return [];
      return tx
        .update(schema.outbox)
        .set({ status: "sending", attempts: sql`${schema.outbox.attempts} + 1` })
        .where(inArray(schema.outbox.id, chosen))
        .returning()
        .all();
    });
  }

  private async deliver(row: typeof schema.outbox.$inferSelect) {
    const { db, transport, log } = this.o;
    let message: OutgoingMessage;
    try {
      message = this.compose(row);
    } catch (error) {
      // A message that cannot be rendered will never succeed: record it as failed.
      const lastError = `render: ${error instanceof Error ? error.message.slice(0, 200) : "error"}`;
      this.record(row, () => db.update(schema.outbox).set({ status: "failed", lastError }).where(eq(schema.outbox.id, row.id)).run());
      log?.error({ outboxId: row.id, template: row.template }, "email could not be rendered");
      return;
    }
    let failure: unknown = null;
    try {
      await transport.send(message);
    } catch (error) {
      failure = error ?? new Error("delivery error");
    }
    const now = this.o.now();
    if (failure === null) {
      this.record(row, () => this.writeSent(row, now));
      log?.info({ outboxId: row.id, template: row.template, attempts: row.attempts }, "email delivered");
      return;
    }
    const permanent = isPermanentFailure(failure);
    const reason = describeFailure(failure);
    const exhausted = row.attempts >= maxAttempts;
    this.record(row, () =>
      db.transaction((tx) => {
        if (permanent || exhausted) {
          tx.update(schema.outbox).set({ status: "failed", lastError: reason }).where(eq(schema.outbox.id, row.id)).run();
          this.o.hooks?.onPermanentFailure?.(tx, row, reason);
        } else {
          const delay = retryDelays[Math.min(row.attempts - 1, retryDelays.length - 1)]! * this.o.retryScale;
          tx.update(schema.outbox)
            .set({ status: "queued", lastError: reason, nextAttemptAt: new Date(now.getTime() + delay * 1000) })
            .where(eq(schema.outbox.id, row.id))
            .run();
        }
      }),
    );
    log?.warn({ outboxId: row.id, template: row.template, attempts: row.attempts, reason, permanent }, "email not delivered");
  }

  private sentWriter: ((row: typeof schema.outbox.$inferSelect, at: Date) => void) | null = null;

  /**
   * A delivery's outcome: the row marked sent and its data scrubbed, with the hooks' own changes (a letter
   * marked sent), in one transaction. Every message sent goes through here, so the statement is prepared once
   * and the transaction is better-sqlite3's own: through Drizzle's query builder and transaction object,
   * recording cost about a tenth of a delivery (docs/performance.md, mail).
   */
  private writeSent(row: typeof schema.outbox.$inferSelect, at: Date) {
    if (!this.sentWriter) {
      const { db } = this.o;
      const markSent = db.$client.prepare(
        "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, to_enc = NULL, payload_enc = NULL WHERE id = ?",
      );
      // IMMEDIATE, as every transaction of ours (app/utils/db.server.ts).
      const write = db.$client.transaction((sent: typeof schema.outbox.$inferSelect, when: Date) => {
        markSent.run(when.getTime(), sent.id);
        this.o.hooks?.onDelivered?.(db, sent);
      });
      this.sentWriter = (sent, when) => write.immediate(sent, when);
    }
    this.sentWriter(row, at);
  }

  /** Writes the outcome of a delivery; if the database is locked beyond the busy timeout, keeps it for later. */
  private record(row: typeof schema.outbox.$inferSelect, write: () => void) {
    // Behind an outcome that could not be written, wait in line (each try may wait out the busy timeout).
    if (this.unrecorded.length === 0) {
      try {
        write();
        return;
      } catch (error) {
        if (!isDatabaseBusy(error)) throw error;
        this.o.log?.warn({ outboxId: row.id }, "email outcome not recorded yet: database busy");
      }
    }
    this.unrecorded.push({ row, write });
  }

  /** Writes the outcomes kept from earlier rounds, in order; false if the database is still locked. */
  private recordPending(): boolean {
    while (this.unrecorded.length > 0) {
      const { row, write } = this.unrecorded[0]!;
      try {
        write();
      } catch (error) {
        if (isDatabaseBusy(error)) return false;
        // Not a lock: give up on this one (it stays "sending" and is sent again at the next start).
        this.o.log?.error({ outboxId: row.id, err: error instanceof Error ? error.message : String(error) }, "email outcome could not be recorded");
      }
      this.unrecorded.shift();
    }
    return true;
  }

  private compose(row: typeof schema.outbox.$inferSelect): OutgoingMessage {
    if (!row.toEnc || !row.payloadEnc) throw new Error("message data missing");
    if (!isTemplateName(row.template)) throw new Error(`unknown template ${row.template}`);
    const to = decryptField("outbox.to", row.toEnc);
    const payload = JSON.parse(decryptField("outbox.payload", row.payloadEnc)) as StoredPayload;
    const content = renderEmail(row.template, row.locale, payload.data as never);
    return {
      from: { name: payload.fromName ?? this.o.defaultFromName, address: this.o.fromAddress },
      to,
      replyTo: payload.replyTo,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: row.messageId,
      headers: payload.headers ?? {},
    };
  }
}
