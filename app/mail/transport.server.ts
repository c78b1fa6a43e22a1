// Where the outbox delivers: an SMTP server through nodemailer (pooled connections), or, in local mode
// without SMTP, the local mailbox shown on /mailbox.
import nodemailer from "nodemailer";
import { encryptField } from "../utils/crypto.server";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";

export interface OutgoingMessage {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** smtp://user:password@host:port (STARTTLS when offered; add ?requireTLS=true to insist) or smtps:// (TLS). */
export function smtpOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    requireTLS: u.searchParams.get("requireTLS") === "true",
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
  };
}

export function smtpTransport(url: string, poolSize: number): MailTransport {
  const transporter = nodemailer.createTransport({
    ...smtpOptions(url),
    pool: true,
    maxConnections: poolSize,
    maxMessages: 500,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Never log message contents or addresses.
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers,
        disableUrlAccess: true,
        disableFileAccess: true,
      });
    },
    close() {
      transporter.close();
    },
  };
}

export interface MailboxMessage {
  to: string;
  from: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function mailboxTransport(db: Db): MailTransport {
  return {
    async send(message) {
      const stored: MailboxMessage = {
        to: message.to,
        from: `${message.from.name} <${message.from.address}>`,
        replyTo: message.replyTo ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      };
      db.insert(schema.mailboxMessages).values({ messageEnc: encryptField("mailbox.message", JSON.stringify(stored)) }).run();
    },
    close() {},
  };
}
