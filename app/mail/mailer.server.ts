// The process's email delivery: the transport chosen by configuration and the outbox loop that feeds it.
import { translate } from "../i18n";
import { db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { logger } from "../utils/logger.server";
import { letterDeliveryHooks } from "../letters/letters.server";
import { underPressure } from "../server/pressure.server";
import { OutboxWorker } from "./outbox.server";
import { mailboxTransport, smtpTransport, type MailTransport } from "./transport.server";

let worker: OutboxWorker | null = null;
let transport: MailTransport | null = null;

export function startMailer() {
  if (worker) return worker;
  const config = env();
  transport = config.mail.transport === "smtp" ? smtpTransport(config.mail.smtpUrl!, config.mail.poolSize) : mailboxTransport(db());
  worker = new OutboxWorker({
    db: db(),
    transport,
    fromAddress: config.mail.from,
    defaultFromName: translate("en", "site.name"),
    log: logger(),
    retryScale: config.mail.retryScale,
    // No mission's inbox is flooded: letters to one recipient are spread over time.
    recipientLimit: { limit: config.mail.lettersPerRecipientPerHour, windowSeconds: 3600, appliesTo: (template) => template === "letter" },
    hooks: letterDeliveryHooks,
    // During a surge, pages and signatures first; no email waits more than 10 s for it (docs/performance.md).
    yieldUnderLoad: { busy: () => underPressure(), maxDelayMs: 10_000 },
  });
  worker.start();
  logger().info({ transport: config.mail.transport }, "mail delivery started");
  return worker;
}

export async function stopMailer() {
  await worker?.stop();
  transport?.close();
  worker = null;
  transport = null;
}
