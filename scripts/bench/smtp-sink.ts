// The bench's SMTP server (smtp-server on loopback), run as its own process: it accepts every message,
// reads it to the end without parsing it, and counts. The bench asks it over IPC (SinkRequest → SinkStats):
// how many messages arrived, when the first connection was opened and the last message ended, and how many
// went to each recipient address (to check the per-recipient caps on letters).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SinkRequest = { type: "reset" } | { type: "stats"; recipients?: boolean };

export interface SinkStats {
  messages: number;
  bytes: number;
  /** Date.now() of the first connection since the last reset. */
  firstConnectionAt: number | null;
  lastMessageAt: number | null;
  /** Messages per envelope recipient (only when asked for). */
  recipients?: Record<string, number>;
}

let stats: SinkStats = { messages: 0, bytes: 0, firstConnectionAt: null, lastMessageAt: null };
let recipients = new Map<string, number>();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  disableReverseLookup: true,
  logger: false,
  closeTimeout: 50,
  onConnect(_session, callback) {
    stats.firstConnectionAt ??= Date.now();
    callback();
  },
  onData(stream, session, callback) {
    let bytes = 0;
    stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
    stream.on("end", () => {
      stats.messages += 1;
      stats.bytes += bytes;
      stats.lastMessageAt = Date.now();
      for (const rcpt of session.envelope.rcptTo) {
        const address = rcpt.address.toLowerCase();
        recipients.set(address, (recipients.get(address) ?? 0) + 1);
      }
      callback();
    });
  },
});

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`listening ${(server.server.address() as AddressInfo).port}`);
});

process.on("message", (message: SinkRequest) => {
  if (message.type === "reset") {
    stats = { messages: 0, bytes: 0, firstConnectionAt: null, lastMessageAt: null };
    recipients = new Map();
    process.send?.({ ...stats });
  } else if (message.type === "stats") {
    process.send?.(message.recipients ? { ...stats, recipients: Object.fromEntries(recipients) } : { ...stats });
  }
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
