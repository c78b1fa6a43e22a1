import { describe, expect, it } from "vitest";
import { readEnv } from "./env.server";

describe("configuration", () => {
  it("runs locally with nothing set: embedded database, local mailbox", () => {
    const config = readEnv({});
    expect(config.appEnv).toBe("local");
    expect(config.mail.transport).toBe("mailbox");
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.isHttps).toBe(false);
  });

  it("refuses a production start without a public address or an email server", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ NODE_ENV: "production", PUBLIC_URL: "https://justice.example" })).toThrow(/SMTP_URL/);
    const explicit = readEnv({ NODE_ENV: "production", PUBLIC_URL: "https://justice.example", MAIL_TRANSPORT: "mailbox" });
    expect(explicit.mail.transport).toBe("mailbox");
    const smtp = readEnv({ NODE_ENV: "production", PUBLIC_URL: "https://justice.example", SMTP_URL: "smtp://u:p@mail.example:587" });
    expect(smtp).toMatchObject({ isHttps: true, mail: { transport: "smtp", from: "no-reply@justice.example" } });
  });

  it("names the setting that is wrong", () => {
    expect(() => readEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => readEnv({ RATE_LIMIT_BURST: "ten" })).toThrow(/RATE_LIMIT_BURST/);
    expect(() => readEnv({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL/);
  });
});
