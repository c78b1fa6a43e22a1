// The mail scenario's baseline (npm run bench): nodemailer sending the same messages straight to the SMTP
// sink, with the same pooled transport settings as the platform (app/mail/transport.server.ts) and the same
// number of messages in flight (the outbox's concurrency, 5). Each message is rendered with the platform's
// own email templates, as the outbox does, so that the two differ only by what the outbox adds: the queue in
// SQLite, decryption, per-recipient pacing and bookkeeping.
//
// Arguments: the SMTP port, the messages file written by seed.ts. Sends only the messages the platform may
// deliver now (within the per-recipient caps), then prints {"sent": n} as JSON.
import fs from "node:fs";
import nodemailer from "nodemailer";
import { renderEmail } from "../../emails";
import type { PlannedMessage } from "./seed";

async function main() {
  const [port, messagesFile] = process.argv.slice(2);
  const planned = (JSON.parse(fs.readFileSync(messagesFile!, "utf8")) as PlannedMessage[]).filter((m) => m.deliverable);
  const transporter = nodemailer.createTransport({
    host: "127.0.0.1",
    port: Number(port),
    secure: false,
    pool: true,
    maxConnections: 5,
    maxMessages: 500,
    logger: false,
    debug: false,
  });
  let next = 0;
  const work = async () => {
    while (next < planned.length) {
      const { input } = planned[next++]!;
      const content = renderEmail(input.template, input.locale, input.data as never);
      await transporter.sendMail({
        from: { name: input.fromName ?? "Campaigns for accountability", address: "no-reply@example.org" },
        to: input.to,
        replyTo: input.replyTo,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: input.headers ?? {},
        disableUrlAccess: true,
        disableFileAccess: true,
      });
    }
  };
  await Promise.all(Array.from({ length: 5 }, work));
  transporter.close();
  process.stdout.write(JSON.stringify({ sent: planned.length }) + "\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
