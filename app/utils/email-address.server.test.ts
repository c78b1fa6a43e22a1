import { describe, expect, it } from "vitest";
import spellChecker from "@zootools/email-spell-checker";
import { canonicalEmail, isDisposableEmail, suggestEmail } from "./email-address.server";

describe("canonicalEmail", () => {
  it("identifies the same Gmail mailbox however it is written", () => {
    const forms = ["Maryam.Karimi@gmail.com", "maryamkarimi+petition@gmail.com", "MARYAM.KARIMI@GoogleMail.com", " m.a.r.y.a.m.karimi@gmail.com "];
    expect(new Set(forms.map(canonicalEmail))).toEqual(new Set(["maryamkarimi@gmail.com"]));
  });

  it("removes sub-addresses where the provider ignores them, but keeps dots where they matter", () => {
    expect(canonicalEmail("Reza.Ahmadi+x@outlook.com")).toBe("reza.ahmadi@outlook.com");
    expect(canonicalEmail("reza.ahmadi+x@icloud.com")).toBe("reza.ahmadi@icloud.com");
    expect(canonicalEmail("Reza.Ahmadi@example.org")).toBe("reza.ahmadi@example.org");
  });

  it("puts internationalised domains in ASCII", () => {
    expect(canonicalEmail("user@Bücher.example")).toBe("user@xn--bcher-kva.example");
  });
});

describe("isDisposableEmail", () => {
  it("refuses throwaway mailbox services, including their subdomains", () => {
    expect(isDisposableEmail("someone@mailinator.com")).toBe(true);
    expect(isDisposableEmail("someone@sub.mailinator.com")).toBe(true);
    expect(isDisposableEmail("someone@gmail.com")).toBe(false);
    expect(isDisposableEmail("someone@example.org")).toBe(false);
  });
});

describe("suggestEmail", () => {
  it("suggests the intended domain for common typos", () => {
    expect(suggestEmail("maryam@gmail.con")).toBe("maryam@gmail.com");
    expect(suggestEmail("maryam@gmial.com")).toBe("maryam@gmail.com");
    expect(suggestEmail("reza@hotmial.com")).toBe("reza@hotmail.com");
  });

  it("gives everyone who types a domain the same answer as the spell checker, keeping their own local part", () => {
    for (const domain of ["gmail.con", "GMAIL.CON", "yaho.com", "outlok.com", "example.org", "gmal.com"]) {
      for (const local of ["a", "Maryam.Karimi", "x+y"]) {
        const direct = spellChecker.run({ email: `${local}@${domain}` });
        const expected = direct && direct.full.toLowerCase() !== `${local}@${domain}`.toLowerCase() ? direct.full : null;
        // The same suggestion, with the local part exactly as typed (the checker lower-cases it).
        const suggested = suggestEmail(`${local}@${domain}`);
        expect(suggested?.toLowerCase() ?? null).toBe(expected?.toLowerCase() ?? null);
        if (suggested) expect(suggested.startsWith(`${local}@`)).toBe(true);
      }
    }
  });

  it("leaves correct addresses alone", () => {
    expect(suggestEmail("maryam@gmail.com")).toBeNull();
    expect(suggestEmail("someone@protonmail.com")).toBeNull();
  });
});
