import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, locale, timestamp } from "./columns";

const encrypted = (name: string) => blob(name, { mode: "buffer" });

/**
 * Every email the platform sends, written in the same transaction as the data it belongs to and delivered
 * by a separate loop (app/mail/outbox.server.ts). The recipient and the message's data are encrypted and
 * scrubbed once the message is delivered.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Which template renders it (emails/index.ts). */
    template: text("template").notNull(),
    locale: locale(),
    toEnc: encrypted("to_enc"),
    /** JSON of the template's data (names, links with tokens), encrypted. */
    payloadEnc: encrypted("payload_enc"),
    /** Keyed hash of the recipient address, for per-recipient pacing. */
    recipientKey: text("recipient_key").notNull(),
    status: text("status", { enum: ["queued", "sending", "sent", "failed", "cancelled"] }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    /** Outcome of the last attempt, without personal data (an SMTP code and reply). */
    lastError: text("last_error"),
    /** Message-ID header, fixed when queued, so a re-sent message is recognisably the same. */
    messageId: text("message_id").notNull(),
    signatureId: integer("signature_id"),
    letterId: integer("letter_id"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at"),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_signature").on(t.signatureId),
    index("outbox_letter").on(t.letterId),
  ],
);

/** Local mode without SMTP: delivered messages are kept here and shown on the /mailbox page. */
export const mailboxMessages = sqliteTable("mailbox_messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** JSON {to, from, replyTo, subject, text, html, headers}, encrypted. */
  messageEnc: encrypted("message_enc").notNull(),
  createdAt: createdAt(),
});
