// Property tests of the sign form's schema: whatever a client sends, parsing never throws; it either accepts
// values within the documented limits or names the fields to fix, with a message in both languages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyUnicode, hostileString, hugeString } from "../../tests/setup/arbitraries";
import { expectTranslated } from "../../tests/setup/catalogue";
import { formValues, limits, parseSignature, type SignatureInput } from "./signature-schema";

/* eslint-disable no-control-regex -- the documented refusals */
const controlInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const controlInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */

const fields = ["fullName", "email", "country", "comment", "showPublicly", "wantsUpdates"] as const;
const valid = { fullName: "Maryam Karimi", email: "maryam@example.org", country: "IR", comment: "", showPublicly: "on" };

/** Any JSON-ish value a hand-made request or a broken client might produce. */
const anyValue = fc.oneof(
  { weight: 6, arbitrary: hostileString(120) },
  { weight: 1, arbitrary: hugeString() },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, true, false, 0, -1, Number.NaN, Infinity, [], {}, ["a", "b"], { toString: "x" }) },
  { weight: 1, arbitrary: fc.array(hostileString(10), { maxLength: 3 }) },
);

function expectWithinLimits(data: SignatureInput) {
  expect(data.fullName.length).toBeGreaterThanOrEqual(limits.nameMin);
  expect(data.fullName.length).toBeLessThanOrEqual(limits.nameMax);
  expect(data.fullName).not.toMatch(controlInLine);
  expect(data.fullName).toMatch(/\p{L}/u);
  expect(data.fullName).toBe(data.fullName.trim());
  expect(data.email.length).toBeLessThanOrEqual(limits.emailMax);
  expect(data.email).not.toMatch(controlInLine);
  expect(data.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/u);
  expect(data.country).toMatch(/^[A-Z]{2}$/);
  expect(data.comment.length).toBeLessThanOrEqual(limits.commentMax);
  expect(data.comment).not.toMatch(controlInText);
  expect(data.comment).not.toContain("\r");
  expect(typeof data.showPublicly).toBe("boolean");
  expect(typeof data.wantsUpdates).toBe("boolean");
}

function check(form: Record<string, unknown>) {
  const result = parseSignature(form);
  if (result.success) expectWithinLimits(result.data);
  else {
    const keys = Object.entries(result.errors);
    expect(keys.length, "a refusal names at least one field").toBeGreaterThan(0);
    for (const [field, key] of keys) {
      expect(fields).toContain(field);
      expectTranslated(key!, field);
    }
  }
  // The values sent back with the errors are bounded strings, whatever came in.
  const values = formValues(form);
  expect(values.fullName.length).toBeLessThanOrEqual(limits.nameMax * 2);
  expect(values.email.length).toBeLessThanOrEqual(limits.emailMax * 2);
  expect(values.comment.length).toBeLessThanOrEqual(limits.commentMax * 2);
  expect(values.country.length).toBeLessThanOrEqual(2);
  return result;
}

describe("the sign form's schema, under hostile input", () => {
  it("never throws on any set of fields with any values", () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] }), (form) => {
        check(form);
      }),
      { numRuns: 400 },
    );
  });

  it("one hostile field in an otherwise valid form: accepted within limits, or refused on that field alone", () => {
    fc.assert(
      fc.property(fc.constantFrom("fullName", "email", "country", "comment"), fc.oneof(hostileString(120), hugeString()), (field, value) => {
        const result = check({ ...valid, [field]: value });
        if (!result.success) expect(Object.keys(result.errors)).toEqual([field]);
      }),
      { numRuns: 400 },
    );
  });

  it("accepts names in any script, and keeps them as typed apart from white space", () => {
    const letters = fc.string({ unit: fc.constantFrom(..."aзمیك李ßéñ".split("")), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(letters, letters, (first, last) => {
        const result = check({ ...valid, fullName: `  ${first}\u00A0 ${last} ` });
        expect(result.success).toBe(true);
        if (result.success) expect(result.data.fullName).toBe(`${first} ${last}`.normalize("NFC"));
      }),
    );
  });

  it("refuses every control character and bidi override in a name, wherever it is", () => {
    const forbidden = fc.constantFrom("\u0000", "\u0001", "\u001B", "\u007F", "\u0085", "\u009F", "\u202A", "\u202E", "\u2066", "\u2069");
    fc.assert(
      fc.property(anyUnicode(10), forbidden, anyUnicode(10), (before, bad, after) => {
        const result = check({ ...valid, fullName: `Maryam ${before}${bad}${after} Karimi` });
        expect(result.success).toBe(false);
      }),
    );
  });

  it("repeated and huge values are refused quickly (no pathological regular expression)", () => {
    const started = performance.now();
    for (const value of ["a@" + "a.".repeat(30_000) + "!", "a".repeat(60_000) + "@", "@".repeat(60_000), " ".repeat(60_000) + "x", "ی".repeat(60_000)]) {
      for (const field of ["fullName", "email", "comment"]) check({ ...valid, [field]: value });
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
