// A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed with mailparser, so that
// tests can read the emails a supporter would get. It can be stopped and started again on the same port
// (to test an outage) and can reject messages (to test permanent failures).
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
  from: string;
  to: string;
  replyTo: string;
  headers: Map<string, unknown>;
  receivedAt: number;
}

export class SmtpCapture {
  readonly messages: ReceivedMail[] = [];
  port = 0;
  /** Addresses for which RCPT TO is refused with a permanent error (550). */
  rejectRecipients = new Set<string>();
  /** Extra delay before accepting each message, in milliseconds (a slow server). */
  delayMs = 0;
  /** Messages received but not yet accepted (during `delayMs`): their sender is waiting for the answer. */
  receiving = 0;
  /** Connection errors (a client that vanished mid-transaction, as a crashed server does), kept, not thrown. */
  readonly errors: Error[] = [];
  private server: SMTPServer | null = null;

  async start(port = this.port): Promise<number> {
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      // On stop, drop open connections at once (a real outage does not wait for clients to say goodbye).
      closeTimeout: 50,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients.has(address.address.toLowerCase())) {
          const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const parsed = await simpleParser(raw);
          const address = (v: ParsedMail["to"]) => (Array.isArray(v) ? v.map((a) => a.text).join(", ") : (v?.text ?? ""));
          this.receiving += 1;
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          this.receiving -= 1;
          this.messages.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            from: parsed.from?.text ?? "",
            to: address(parsed.to),
            replyTo: parsed.replyTo?.text ?? "",
            headers: parsed.headers,
            receivedAt: Date.now(),
          });
          callback();
        });
      },
    };
    const server = new SMTPServer(options);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        // Without a listener an "error" event would throw in the test process.
        server.on("error", (error: Error) => this.errors.push(error));
        resolve();
      });
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Messages sent to an address (envelope recipient), oldest first. */
  to(address: string): ReceivedMail[] {
    const wanted = address.toLowerCase();
    return this.messages.filter((m) => m.envelopeTo.some((r) => r.toLowerCase() === wanted));
  }

  /** Waits until `count` messages for the address have arrived (or fails after the timeout). */
  async waitFor(address: string, { count = 1, timeoutMs = 15_000 } = {}): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`Expected ${count} email(s) to ${address}, got ${found.length} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
