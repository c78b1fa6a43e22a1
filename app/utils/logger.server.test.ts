import { describe, expect, it } from "vitest";
import { newToken } from "./crypto.server";
import { redactUrl } from "./logger.server";

describe("redactUrl", () => {
  it("hides every kind of token a link can carry, and the query string", () => {
    const { token } = newToken();
    expect(redactUrl(`/signatures/confirm/${token}`)).toBe("/signatures/confirm/:secret");
    // A selector and its secret (signature links since ADR 0023): the whole segment goes.
    expect(redactUrl(`/fa/signatures/withdraw/1048577.${token}`)).toBe("/fa/signatures/withdraw/:secret");
    expect(redactUrl(`/fa/my-data/erase/${token}?done=1`)).toBe("/fa/my-data/erase/:secret?…");
    const unsubscribe = `${"aB3_".repeat(10)}abc.${"Zy9-".repeat(5)}xy`;
    expect(redactUrl(`/unsubscribe/${unsubscribe}`)).toBe("/unsubscribe/:secret");
    expect(redactUrl(`/recipients/opt-out/12.${"Q".repeat(32)}`)).toBe("/recipients/opt-out/:secret");
    expect(redactUrl("/staff/exports?petition=x&email=a@b.c")).toBe("/staff/exports?…");
  });

  it("keeps readable paths readable", () => {
    expect(redactUrl("/campaigns/justice-for-the-victims-of-1988")).toBe("/campaigns/justice-for-the-victims-of-1988");
    expect(redactUrl("/build/_shared/chunk-ABC123.js")).toBe("/build/_shared/chunk-ABC123.js");
    expect(redactUrl("/fa/petitions/investigate-1988/thanks")).toBe("/fa/petitions/investigate-1988/thanks");
  });
});
