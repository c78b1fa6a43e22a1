import { describe, expect, it } from "vitest";
import { fillTemplate, mailtoLink, unknownFields, writerValues } from "./merge";

const values = {
  salutation: "Excellency",
  state: "Iceland",
  recipient: "Permanent Mission of Iceland",
  "supporter.name": "Sigrún Jónsdóttir",
  "supporter.city": "Reykjavík",
  "supporter.country": "Iceland",
};

describe("fillTemplate", () => {
  it("fills every merge field, with spaces inside the braces allowed", () => {
    expect(fillTemplate("{{salutation}},\n{{ state }} / {{recipient}}\n{{supporter.name}}, {{supporter.city}}, {{supporter.country}}", values)).toBe(
      "Excellency,\nIceland / Permanent Mission of Iceland\nSigrún Jónsdóttir, Reykjavík, Iceland",
    );
  });

  it("drops a line whose only field came out empty, and leaves unknown fields alone", () => {
    expect(fillTemplate("Yours,\n\n{{supporter.name}}\n{{supporter.city}}\n{{unknown}}", { ...values, "supporter.city": "" })).toBe(
      "Yours,\n\nSigrún Jónsdóttir\n{{unknown}}",
    );
    expect(unknownFields("{{state}} {{unknown}} {{supporter.name}}")).toEqual(["unknown"]);
  });

  it("signs a withheld letter without name or city", () => {
    const supporter = writerValues({ name: "Sigrún", city: "Reykjavík", country: "Iceland", reachable: false }, "A verified supporter from Iceland");
    expect(fillTemplate("{{supporter.name}}\n{{supporter.city}}", { ...values, ...supporter })).toBe("A verified supporter from Iceland");
  });
});

describe("mailtoLink", () => {
  it("encodes the subject and body so that mail clients open them intact", () => {
    const { href, complete } = mailtoLink({ to: "mission@example.org", subject: "Réponse & suite?", body: "Line 1\nمتن فارسی\n100% sure", cutNote: "…" });
    expect(complete).toBe(true);
    const url = new URL(href);
    expect(url.protocol).toBe("mailto:");
    expect(url.pathname).toBe("mission@example.org");
    expect(url.searchParams.get("subject")).toBe("Réponse & suite?");
    expect(url.searchParams.get("body")).toBe("Line 1\r\nمتن فارسی\r\n100% sure");
  });

  it("stays within the length mail clients accept, cutting at a paragraph and saying so", () => {
    const body = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${"word ".repeat(20)}`).join("\n\n");
    const { href, complete } = mailtoLink({ to: null, subject: "S", body, cutNote: "[continued on the page]" });
    expect(complete).toBe(false);
    expect(href.length).toBeLessThanOrEqual(2000);
    expect(new URL(href).searchParams.get("body")).toMatch(/Paragraph 0[\s\S]*\[continued on the page\]$/);
  });
});
