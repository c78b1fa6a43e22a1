// The local mailbox: in local mode without SMTP, delivered messages are kept (encrypted) and listed on
// /mailbox, so that someone trying the platform can open the links a supporter would receive.
import { desc, eq } from "drizzle-orm";
import { decryptField } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { env } from "../utils/env.server";
import type { MailboxMessage } from "./transport.server";

/** The mailbox page exists only on a local trial that keeps mail instead of sending it. */
export function mailboxEnabled(): boolean {
  const config = env();
  return config.isLocal && config.mail.transport === "mailbox";
}

export function listMailbox(db: Db, limit = 100) {
  return db
    .select()
    .from(schema.mailboxMessages)
    .orderBy(desc(schema.mailboxMessages.id))
    .limit(limit)
    .all()
    .map((row) => {
      const message = JSON.parse(decryptField("mailbox.message", row.messageEnc)) as MailboxMessage;
      return { id: row.id, to: message.to, subject: message.subject, receivedAt: row.createdAt.toISOString() };
    });
}

export function readMailbox(db: Db, id: number) {
  const row = db.select().from(schema.mailboxMessages).where(eq(schema.mailboxMessages.id, id)).get();
  if (!row) return null;
  const message = JSON.parse(decryptField("mailbox.message", row.messageEnc)) as MailboxMessage;
  return { id: row.id, receivedAt: row.createdAt.toISOString(), ...message };
}
